"""Chat and the other conversational channels: conversations, messages, queues, history."""
