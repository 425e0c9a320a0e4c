"""Modal dialogs: forms, choices, confirmations, reallocation, what-if, advice and benefits."""
