"""Guidance given to enterprises: mentoring (pendampingan), Bimtek trainings,
consultations at a PLUT, exhibitions."""
