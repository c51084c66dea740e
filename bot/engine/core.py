"""The engine: one incoming message or button press in, replies out, state in the database.

No channel code here: Telegram and the terminal turn their input into an `Incoming` and
show the `Reply`s they get back. Each call is one database transaction. The engine is given
everything it says and does (`Content`) and its understanding at composition (bot/app.py).
"""

from __future__ import annotations

import logging
import time
from datetime import datetime

from sqlalchemy.orm import Session

from bot.content.commands import Commands
from bot.content.texts import Texts
from bot.db import Database
from bot.engine.arguments import intent_arguments
from bot.engine.asides import PAUSES, is_aside, leaves
from bot.engine.content import Content
from bot.engine.context import Context
from bot.engine.notifications import Notifications, Rendered
from bot.engine.receipts import Receipts
from bot.engine.state import DOUBLE_TAP_SECONDS, ButtonAction, ConversationState
from bot.engine.types import MAX_TEXT, START_ACTIONS, Incoming, Outcome, Reply
from bot.nlu import Understander, Understanding
from bot.services import inbox, staff
from bot.services.conversations import load_chat, save_state
from bot.services.families import get_or_create_family
from bot.timeutil import now_utc

log = logging.getLogger(__name__)
FLOOD_LIMIT, FLOOD_WINDOW = 30, 60.0  # inputs per chat per seconds
# Intents of a question that a person must answer when it is about a child's needs.
ASKING = frozenset({"faq", "event_search", "register", "discover", "lecture_search", "unknown"})


class Engine:
    def __init__(
        self,
        db: Database,
        content: Content,
        understander: Understander,
        *,
        default_language: str = "nl",
        checkin_days_before: int = 0,
        web_address: str = "",
        office_address: str | None = None,
    ) -> None:
        self.db = db
        self.content = content
        self.understander = understander
        self.default_language = default_language
        self.checkin_days_before = checkin_days_before
        self.web_address = web_address  # the back-office, for sign-in links
        self.office_address = office_address  # its public address (TALENTBOT_WEB_BASE_URL)
        self.notifications = Notifications(content, default_language)
        self.receipts = Receipts(db)  # the inbox, for the channels

    @property
    def texts(self) -> Texts:
        return self.content.texts

    @property
    def commands(self) -> Commands:
        return self.content.commands

    def handle(self, incoming: Incoming, now: datetime | None = None) -> Outcome:
        """Handle one input; an unexpected error rolls back and becomes a friendly reply."""
        now = now or now_utc()
        incoming = incoming.cleaned()
        try:
            # Run again as a whole if the database connection drops (e.g. a restart).
            return self.db.run(lambda session: self._received(session, incoming, now))
        except Exception:
            log.exception("handling an update failed (channel=%s)", incoming.channel)
            if incoming.receipt is not None:  # not again and again after a restart
                self._give_up(incoming.receipt, now)
            text = self.texts.get("errors.internal", self.default_language)
            return Outcome([Reply(text)])

    def _give_up(self, update_id: int, now: datetime) -> None:
        try:
            self.db.run(lambda session: inbox.take(session, update_id, now), patience=5)
        except Exception:  # the database itself is down: the next process tries it again
            log.warning("could not mark update %s as handled", update_id)

    def _received(self, session: Session, incoming: Incoming, now: datetime) -> Outcome:
        """Handle it once: an update from the inbox is taken in this transaction, and its
        replies kept there until the channel has sent them (services/inbox.py)."""
        receipt = incoming.receipt
        if receipt is not None and not inbox.take(session, receipt, now):
            return Outcome(ignored=True)  # handled before (by a process that died, say)
        outcome = self._handle_in(session, incoming, now)
        if receipt is None:
            return outcome
        if outcome.ignored or not outcome.replies:  # nothing to send: answered right here
            inbox.answered(session, receipt, now)
        else:
            replies = [r.as_json() for r in outcome.replies]
            inbox.keep_replies(session, receipt, incoming.chat_id, replies, self.receipts.me)
        return outcome

    def language_of(self, channel: str, user_id: str) -> str:
        """The language a user chose (for texts a channel shows outside a conversation)."""
        return self.set_language(channel, user_id, None)

    def set_language(self, channel: str, user_id: str, language: str | None) -> str:
        """Set (when given) and return a user's language; creates the account if needed."""
        with self.db.transaction() as session:
            family, _ = get_or_create_family(
                session, channel, user_id, language=self.default_language, now=now_utc()
            )
            if language in self.texts.languages:
                family.language = language
            return family.language

    def render_notification(self, message_id: int, now: datetime) -> Rendered | None:
        """The replies for one claimed outbox row, in a transaction of its own."""
        with self.db.transaction() as session:
            return self.render_in(session, message_id, now)

    def render_in(self, session: Session, message_id: int, now: datetime) -> Rendered | None:
        """The replies for one claimed outbox row, in the caller's transaction."""
        return self.notifications.render(session, message_id, now)

    def _handle_in(self, session: Session, incoming: Incoming, now: datetime) -> Outcome:
        chat = load_chat(
            session,
            incoming.channel,
            incoming.user_id,
            incoming.chat_id,
            language=self.default_language,
            now=now,
            create=incoming.button is None,
        )
        if chat is None:  # a button of an account that is gone (forgotten): nothing to do
            return Outcome(ignored=True)
        family, conversation = chat
        state = ConversationState.from_stored(conversation.state)
        ctx = Context(
            session,
            family,
            state,
            self.content,
            now,
            start_link=incoming.start_link,
            checkin_days_before=self.checkin_days_before,
            web_address=self.web_address,
            office_address=self.office_address,
            elsewhere=incoming.elsewhere,
        )
        outcome = Outcome()
        if self._flooding(ctx):
            outcome.ignored = not ctx.replies
        else:
            outcome.ignored = self._dispatch(ctx, incoming)
        ctx.state.keep_scratch_of(ctx.flows_run)
        state = ctx.finish()
        save_state(session, conversation, state)
        outcome.replies = ctx.replies
        return outcome

    def _flooding(self, ctx: Context) -> bool:
        """More than FLOOD_LIMIT inputs in FLOOD_WINDOW from one chat: say so once, then stay
        quiet until it calms down. Kept in the conversation, so it holds across processes.
        Staff are never throttled: at the door a librarian scans a QR code every second or
        two, and a scan ignored is a child later counted as a no-show."""
        clock = ctx.now.timestamp()
        recent = [t for t in ctx.state.data.get("recent", []) if clock - t < FLOOD_WINDOW]
        recent.append(clock)
        ctx.state.data["recent"] = recent[-(FLOOD_LIMIT + 1) :]
        # Looked up only past the limit, so ordinary traffic costs no extra query.
        if len(recent) <= FLOOD_LIMIT or staff.staff_member(ctx.session, ctx.family.external_id):
            ctx.state.data.pop("flood_warned", None)
            return False
        if not ctx.state.data.get("flood_warned"):
            ctx.state.data["flood_warned"] = True
            ctx.say(ctx.t("errors.flood"))
        return True

    def _dispatch(self, ctx: Context, incoming: Incoming) -> bool:
        """Route the input; True when it was a double tap to be ignored."""
        if incoming.button is not None:
            return self._press(ctx, incoming.button)
        if incoming.in_group:
            text, quoted = (incoming.text or "")[:MAX_TEXT], incoming.quoted or ""
            ctx.run("handoff.group_reply", text=text, quoted=quoted)
            return False
        if incoming.photo_id is not None and self._answer_step(
            ctx, (incoming.text or "")[:MAX_TEXT], photo=incoming.photo_id
        ):
            return False
        if incoming.unsupported is not None:
            key = f"unsupported.{incoming.unsupported}"
            ctx.say(ctx.t(key if ctx.texts.has(key) else "unsupported.other"))
            return False
        text = (incoming.text or "").strip()[:MAX_TEXT]
        if not text:
            ctx.run("fallback.not_understood")
        elif (command := incoming.command) is not None:
            self._command(ctx, command, incoming.command_argument)
        elif not self._answer_step(ctx, text):
            self._free_text(ctx, text)
        return False

    def _answer_step(self, ctx: Context, text: str, **extra: str) -> bool:
        """When a flow asked a question, typed text (or a photo, where the question takes
        one) is the answer to it, unless it clearly asks something else (asides.py)."""
        step = ctx.state.step
        if step == "idle":
            return False
        pause = PAUSES.get(step)
        if pause is not None and not extra:
            understood = self.understander.understand(text, ctx.now)
            if pause.leave is not None and leaves(understood, text):
                ctx.run(pause.leave)  # the step is over: the text is read as any other
                return False
            if is_aside(understood, pause):
                ctx.state.step = "idle"
                self._answer(ctx, text, understood)
                if ctx.state.step == "idle":  # the answer started no flow of its own
                    ctx.run(pause.resume)
                return True
        return ctx.run(step, text=text, **extra)

    def _press(self, ctx: Context, token: str) -> bool:
        pressed = ctx.state.buttons.get(token)
        clock = time.time()
        if pressed is not None and _is_repeat(pressed, clock):
            return True
        # A press answers no typed question: a question left open (by an earlier screen) is
        # closed, and the pressed action asks again when it wants typed text next.
        ctx.state.step = "idle"
        if pressed is None or not ctx.content.actions.run(ctx, pressed.action, pressed.args):
            ctx.say(ctx.t("errors.button_expired"))
            ctx.run("menu.show")
            return False
        pressed.used_at = clock
        return False

    def _command(self, ctx: Context, command: str, argument: str = "") -> None:
        prefix = next((p for p in START_ACTIONS if argument.startswith(p)), None)
        if command == "start" and prefix is not None:  # a check-in QR code, a move link
            ctx.state.step = "idle"
            ctx.run(START_ACTIONS[prefix], code=argument.removeprefix(prefix))
            return
        target = self.commands.action_for(command)
        if target is None:
            ctx.say(ctx.t("errors.unknown_command", command=command[:40]))
            ctx.run("menu.show")
            return
        ctx.state.step = "idle"
        ctx.run(target)

    def _free_text(self, ctx: Context, text: str) -> None:
        """Understand the message and answer it; English gets English unless Dutch was chosen."""
        understood = self.understander.understand(text, ctx.now)
        if understood.language and not ctx.state.data.get("language_chosen"):
            ctx.family.language = understood.language  # "" when the words could be either
        if ctx.state.mode is None and understood.role:  # the parent/kid choice, typed
            if understood.only_role:  # "ik ben ouder", "ik ben een kind"
                ctx.run("start.role", mode=understood.role)
                return
            ctx.state.mode = understood.role  # "ik ben moeder, wanneer is judo?"
        if ctx.state.mode is None and understood.intent == "greet":
            ctx.run("start.welcome")  # first contact: say who we are, ask who they are
            return
        self._answer(ctx, text, understood)
        if ctx.state.mode is None and not ctx.state.data.get("role_asked"):
            ctx.state.data["role_asked"] = True  # asked once, after the answer
            ctx.run("start.ask_role")

    def _answer(self, ctx: Context, text: str, understood: Understanding) -> None:
        if understood.personal and understood.intent in ASKING:
            ctx.run("handoff.offer", text=text, activity=understood.activity)
            return
        target = self.commands.intent_action(understood.intent)
        args = intent_arguments(understood, text)
        if target is None or not ctx.run(target, **args):
            ctx.run("answers.unknown", alternatives=list(understood.alternatives))


def _is_repeat(pressed: ButtonAction, clock: float) -> bool:
    """A once-only button pressed again, or any button tapped twice in quick succession."""
    if pressed.used_at is None:
        return False
    return pressed.once or clock - pressed.used_at < DOUBLE_TAP_SECONDS
