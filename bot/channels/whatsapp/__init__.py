"""WhatsApp (Cloud API): the webhook at /whatsapp, replies as WhatsApp messages, and the
outbox through the 24-hour window (templates outside it)."""
