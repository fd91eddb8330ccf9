"""新建办件 (new application): the clerk's intake screen, its steps, the draft journal and the receipt.

The shell opens `app.ui.intake.screen.IntakeScreen`; at start-up it may call
`app.ui.intake.drafts.find_recoverable_drafts` (through the task runner) to offer unfinished drafts back.
"""
