"""Words for people: the message catalogue (English source, Indonesian translation),
labels, numbers, money and times in the reader's language and zone."""
