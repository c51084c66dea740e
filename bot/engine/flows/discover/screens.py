"""How the quiz and the ideas read in a chat: questions with buttons, and the result screen."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from bot.db.models import Activity
from bot.discovery.facts import CatalogueFacts, welfare_partner
from bot.discovery.quiz import Question, Quiz, because_key, label_key, question_key
from bot.discovery.recommender import Recommendation
from bot.engine import views
from bot.engine.context import Context
from bot.engine.flows.discover.held_answers import Progress, held, keep
from bot.engine.flows.menu import back_to_menu
from bot.engine.types import Button
from bot.services.activities import materials_for

CATEGORIES = ("sportief", "creatief", "cognitief")
WHY_KEYS = {
    1: "discover.result.why_one",
    2: "discover.result.why_two",
    3: "discover.result.why_three",
}
BORROW_SHOWN = 2


def rows_of(buttons: list[Button], width: int) -> list[list[Button]]:
    return [buttons[i : i + width] for i in range(0, len(buttons), width)]


def ask(ctx: Context, quiz: Quiz, progress: Progress, question: Question, notice: str = "") -> None:
    """One question with its answers as buttons; typed text answers it too."""
    ctx.state.step = "discover.answer"
    number = quiz.questions.index(question) + 1
    parts = [notice] if notice else []
    parts.append(ctx.t("discover.progress", number=number, total=len(quiz.questions)))
    parts[-1] += "\n" + ctx.t(question_key(question.id))
    chosen = progress.chosen.get(question.id, [])
    if question.multiple and chosen:
        labels = ", ".join(ctx.t(label_key(question.id, o)) for o in chosen)
        parts.append(ctx.t("discover.chosen", options=labels))
    rows = _answer_rows(ctx, question, chosen)
    done_key = "discover.next" if question.multiple and chosen else "discover.skip"
    rows.append(
        [
            ctx.button(ctx.t(done_key), "discover.skip", question=question.id),
            ctx.button(ctx.t("discover.surprise"), "discover.surprise"),
        ]
    )
    if number == 1:
        rows.append([ctx.button(ctx.t("discover.browse"), "discover.kinds")])
    rows.append([back_to_menu(ctx)])
    ctx.say("\n\n".join(parts), rows)


def _age_rows(ctx: Context, question: Question) -> list[list[Button]]:
    """The ages, and for a parent the children already known ("🧒 Sam (10)")."""
    children = [c for c in ctx.family.children if c.age is not None and ctx.mode == "parent"]
    named = [
        ctx.button(
            ctx.t("registration.child_choice", name=c.first_name, age=c.age),
            "discover.choose",
            question=question.id,
            option=str(c.age),
        )
        for c in children
    ]
    ages = [
        ctx.button(str(age), "discover.choose", question=question.id, option=str(age))
        for age in question.ages
    ]
    return rows_of(named, 2) + rows_of(ages, 3)


def _answer_rows(ctx: Context, question: Question, chosen: list[str]) -> list[list[Button]]:
    if question.is_age:
        return _age_rows(ctx, question)
    buttons = []
    for option in question.options:
        label = ctx.t(label_key(question.id, option.id))
        if option.id in chosen:
            label = f"✅ {label}"
        buttons.append(ctx.button(label, "discover.choose", question=question.id, option=option.id))
    return rows_of(buttons, 2)


def why_line(ctx: Context, recommendation: Recommendation) -> str:
    """'Omdat je graag buiten bent en samen speelt': the answers that weighed most."""
    parts = _shared_start_once(
        [ctx.t(because_key(r.question, r.option)) for r in recommendation.reasons]
    )
    if parts:
        names = ("first", "second", "third")
        return ctx.t(WHY_KEYS[len(parts)], **dict(zip(names, parts, strict=False)))
    if recommendation.tryout is not None and recommendation.tryout.has_room:
        return ctx.t("discover.result.why_tryout")
    return ctx.t("discover.result.why_none")


def _shared_start_once(parts: list[str]) -> list[str]:
    """'je graag buiten bent', 'je graag samen speelt' → 'je graag buiten bent', 'samen
    speelt': the words all parts start with are said once, as a person would."""
    if len(parts) < 2:
        return parts
    split = [part.split() for part in parts]
    shared = 0
    while (
        all(len(words) > shared + 1 for words in split)
        and len({words[shared] for words in split}) == 1
    ):
        shared += 1
    return [parts[0], *(" ".join(words[shared:]) for words in split[1:])]


def _hobby_block(
    ctx: Context, number: int, recommendation: Recommendation, facts: CatalogueFacts
) -> str:
    activity = facts.activities[recommendation.hobby.slug]
    lines = [
        ctx.t(
            "discover.result.hobby",
            number=number,
            name=views.pick(activity.name, ctx.language),
            kind=ctx.t(f"discover.category.{activity.category}"),
        ),
        why_line(ctx, recommendation),
    ]
    if activity.partners:
        names = ", ".join(p.name for p in activity.partners)
        lines.append(ctx.t("discover.result.partners", partners=names))
    if recommendation.tryout is not None:
        listing = facts.listings[recommendation.tryout.event_id]
        lines.append(
            ctx.t(
                "discover.result.tryout",
                when=views.when(ctx, listing.event),
                place=listing.event.location.name,
                spots=views.spots(ctx, listing),
            )
        )
    else:
        lines.append(ctx.t("discover.result.no_tryout"))
    if materials := materials_for(ctx.session, activity.slug, ctx.now)[:BORROW_SHOWN]:
        titles = ", ".join(views.pick(m.title, ctx.language) for m in materials)
        lines.append(ctx.t("discover.result.borrow", items=titles))
    return "\n".join(lines)


def _hobby_buttons(
    ctx: Context, recommendation: Recommendation, facts: CatalogueFacts
) -> list[Button]:
    activity = facts.activities[recommendation.hobby.slug]
    name = views.pick(activity.name, ctx.language)
    if recommendation.tryout is not None:
        event = facts.listings[recommendation.tryout.event_id].event
        label = ctx.t("discover.result.tryout_button", label=views.short_label(ctx, event))
        first = ctx.button(label, "agenda.event", event_id=event.id)
    else:
        label = ctx.t("discover.result.notify_button", name=name)
        first = ctx.button(label, "discover.notify_ask", slug=activity.slug)
    details = ctx.t("discover.result.details_button", name=name)
    return [first, ctx.button(details, "discover.activity", slug=activity.slug, from_ideas=True)]


def _fund_line(ctx: Context, recommendations: list[Recommendation], facts: CatalogueFacts) -> str:
    """Jeugdfonds Sport & Cultuur, through the welfare organisation, where carrying on costs."""
    paid = [r.hobby.slug for r in recommendations if r.hobby.slug in facts.costs_money]
    if not paid:
        return ""
    names = ", ".join(views.pick(facts.activities[s].name, ctx.language) for s in paid)
    helper = welfare_partner(ctx.session, ctx.family.library_id)
    who = helper.name if helper is not None else ctx.t("discover.result.fund_helper")
    return ctx.t("discover.result.fund", names=names, helper=who)


def show_results(
    ctx: Context,
    recommendations: list[Recommendation],
    facts: CatalogueFacts,
    heading_key: str,
    *,
    can_refine: bool,
) -> None:
    ctx.state.step = "idle"
    parts = [ctx.t(heading_key)]
    parts += [_hobby_block(ctx, n, r, facts) for n, r in enumerate(recommendations, 1)]
    if fund := _fund_line(ctx, recommendations, facts):
        parts.append(fund)
    rows = [_hobby_buttons(ctx, r, facts) for r in recommendations]
    rows.append(
        [
            ctx.button(ctx.t("discover.result.more"), "discover.more"),
            ctx.button(ctx.t("discover.result.again"), "discover.start"),
        ]
    )
    if can_refine:
        rows.append([ctx.button(ctx.t("discover.result.refine"), "discover.refine")])
    rows.append(interest_buttons(ctx))
    rows.append([ctx.button(ctx.t("discover.browse"), "discover.kinds"), back_to_menu(ctx)])
    ctx.say("\n\n".join(parts), rows)


def show_nothing(ctx: Context, progress: Progress, key: str) -> None:
    """No (more) ideas: start again, look around, or back to the ones shown."""
    ctx.state.step = "idle"
    rows = [
        [
            ctx.button(ctx.t("discover.result.again"), "discover.start"),
            ctx.button(ctx.t("discover.browse"), "discover.kinds"),
        ],
        [back_to_ideas(ctx), back_to_menu(ctx)] if progress.shown else [back_to_menu(ctx)],
    ]
    ctx.say(ctx.t(key, age=progress.age if progress.age is not None else "?"), rows)


def interest_buttons(ctx: Context) -> list[Button]:
    buttons = [ctx.button(ctx.t("discover.result.save"), "discover.save_ask")]
    if ctx.family.interests:
        buttons.append(ctx.button(ctx.t("discover.result.forget"), "discover.forget_interests"))
    return buttons


def interest_labels(ctx: Context, values: Iterable[str], activities: Mapping[str, Activity]) -> str:
    """'🎨 Creatief en muziek, Tekenen en schilderen' for what is (to be) saved."""
    labels = []
    for value in values:
        if value in CATEGORIES:
            labels.append(ctx.t(f"discover.category.{value}"))
        elif value in activities:
            labels.append(views.pick(activities[value].name, ctx.language))
        else:
            labels.append(value)
    return ", ".join(labels)


def back_to_ideas(ctx: Context) -> Button:
    return ctx.button(ctx.t("discover.result.back"), "discover.results")


def side_path_row(ctx: Context) -> list[Button]:
    """Back to the ideas when this screen was reached from them, and the menu. Left in the
    middle of the quiz, the answers are not kept: there is nothing to go back to."""
    progress = held(ctx)
    if progress is None or not progress.shown:
        return [back_to_menu(ctx)]
    keep(ctx)
    return [back_to_ideas(ctx), back_to_menu(ctx)]
