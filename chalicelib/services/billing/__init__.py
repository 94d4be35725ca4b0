"""Statements and payments (issue 13).

- csv_import: statements in from the billing system's CSV (dry run, idempotent, versions)
- statements: what patients and billing staff read (lists, one statement, PDF, home balance)
- ledger: the append-only money ledger and the statement balance kept with it
- provider / checkout / webhook: the hosted payment page (Stripe Checkout) and its events
- guest: guest pay without signing in

docs/billing.md describes the CSV format, the provider setup and the PCI scope.
"""
