"""The channels: thin adapters that turn a channel's input into the engine's `Incoming` and its
`Reply`s into that channel's messages (terminal, Telegram; room for web chat and WhatsApp)."""
