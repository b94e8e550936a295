"""Development programs: plan, scope, indicators and targets, enrolment of binaan, and
progress against targets."""
