"""Pure domain rules: enums, quarters, working days, statuses. No Qt, no ORM."""
