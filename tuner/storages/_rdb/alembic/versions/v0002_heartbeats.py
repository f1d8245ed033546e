"""Heartbeats of running trials, and an index on (study_id, state) for the queries that
look for WAITING or stale RUNNING trials.

Revision ID: v0002
Revises: v0001
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "v0002"
down_revision = "v0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "tuner_trial_heartbeats",
        sa.Column("trial_id", sa.Integer(), nullable=False),
        sa.Column("beat", sa.Double(), nullable=False),
        sa.ForeignKeyConstraint(
            ["trial_id"],
            ["tuner_trials.trial_id"],
            name="fk_tuner_trial_heartbeats_trial_id_tuner_trials",
        ),
        sa.PrimaryKeyConstraint("trial_id", name="pk_tuner_trial_heartbeats"),
        mysql_charset="utf8mb4",
        mysql_collate="utf8mb4_bin",
    )
    op.create_index("ix_tuner_trials_study_id_state", "tuner_trials", ["study_id", "state"])


def downgrade() -> None:
    op.drop_index("ix_tuner_trials_study_id_state", table_name="tuner_trials")
    op.drop_table("tuner_trial_heartbeats")
