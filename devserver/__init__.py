"""The local embedded stack (never deployed): moto server, provisioning, seed, mailbox."""
