"""Initial schema: studies, trials, params, values, intermediate values and attributes.

Revision ID: v0001
Revises:
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

revision = "v0001"
down_revision = None
branch_labels = None
depends_on = None

_LONG_TEXT = sa.Text().with_variant(mysql.LONGTEXT(), "mysql", "mariadb")
_DATETIME = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), "mysql", "mariadb")
_KW = {"sqlite_autoincrement": True, "mysql_charset": "utf8mb4", "mysql_collate": "utf8mb4_bin"}


def upgrade() -> None:
    op.create_table(
        "tuner_studies",
        sa.Column("study_id", sa.Integer(), nullable=False),
        sa.Column("study_name", sa.String(512), nullable=False),
        sa.Column("directions", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("study_id", name="pk_tuner_studies"),
        sa.UniqueConstraint("study_name", name="uq_tuner_studies_study_name"),
        **_KW,
    )
    op.create_table(
        "tuner_study_attrs",
        sa.Column("study_attr_id", sa.Integer(), nullable=False),
        sa.Column("study_id", sa.Integer(), nullable=False),
        sa.Column("is_system", sa.Boolean(), nullable=False),
        sa.Column("key", sa.String(512), nullable=False),
        sa.Column("value_json", _LONG_TEXT, nullable=False),
        sa.ForeignKeyConstraint(
            ["study_id"],
            ["tuner_studies.study_id"],
            name="fk_tuner_study_attrs_study_id_tuner_studies",
        ),
        sa.PrimaryKeyConstraint("study_attr_id", name="pk_tuner_study_attrs"),
        sa.UniqueConstraint(
            "study_id", "is_system", "key", name="uq_tuner_study_attrs_study_id_is_system_key"
        ),
        **_KW,
    )
    op.create_table(
        "tuner_trials",
        sa.Column("trial_id", sa.Integer(), nullable=False),
        sa.Column("study_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("state", sa.SmallInteger(), nullable=False),
        sa.Column("datetime_start", _DATETIME, nullable=True),
        sa.Column("datetime_complete", _DATETIME, nullable=True),
        sa.ForeignKeyConstraint(
            ["study_id"], ["tuner_studies.study_id"], name="fk_tuner_trials_study_id_tuner_studies"
        ),
        sa.PrimaryKeyConstraint("trial_id", name="pk_tuner_trials"),
        sa.UniqueConstraint("study_id", "number", name="uq_tuner_trials_study_id_number"),
        **_KW,
    )
    # Floats: finite ones in the DOUBLE column, inf/-inf/NaN as a kind with a NULL value.
    for table, pk, column in (
        ("tuner_trial_values", "trial_value_id", "objective"),
        ("tuner_trial_intermediate_values", "intermediate_value_id", "step"),
    ):
        op.create_table(
            table,
            sa.Column(pk, sa.Integer(), nullable=False),
            sa.Column("trial_id", sa.Integer(), nullable=False),
            sa.Column(column, sa.Integer(), nullable=False),
            sa.Column("value", sa.Double(), nullable=True),
            sa.Column("value_kind", sa.SmallInteger(), nullable=False),
            sa.ForeignKeyConstraint(
                ["trial_id"], ["tuner_trials.trial_id"], name=f"fk_{table}_trial_id_tuner_trials"
            ),
            sa.PrimaryKeyConstraint(pk, name=f"pk_{table}"),
            sa.UniqueConstraint("trial_id", column, name=f"uq_{table}_trial_id_{column}"),
            **_KW,
        )
    op.create_table(
        "tuner_trial_params",
        sa.Column("param_id", sa.Integer(), nullable=False),
        sa.Column("trial_id", sa.Integer(), nullable=False),
        sa.Column("param_name", sa.String(512), nullable=False),
        sa.Column("param_value", sa.Double(), nullable=False),
        sa.Column("distribution_json", _LONG_TEXT, nullable=False),
        sa.ForeignKeyConstraint(
            ["trial_id"],
            ["tuner_trials.trial_id"],
            name="fk_tuner_trial_params_trial_id_tuner_trials",
        ),
        sa.PrimaryKeyConstraint("param_id", name="pk_tuner_trial_params"),
        sa.UniqueConstraint(
            "trial_id", "param_name", name="uq_tuner_trial_params_trial_id_param_name"
        ),
        **_KW,
    )
    op.create_table(
        "tuner_trial_attrs",
        sa.Column("trial_attr_id", sa.Integer(), nullable=False),
        sa.Column("trial_id", sa.Integer(), nullable=False),
        sa.Column("is_system", sa.Boolean(), nullable=False),
        sa.Column("key", sa.String(512), nullable=False),
        sa.Column("value_json", _LONG_TEXT, nullable=False),
        sa.ForeignKeyConstraint(
            ["trial_id"],
            ["tuner_trials.trial_id"],
            name="fk_tuner_trial_attrs_trial_id_tuner_trials",
        ),
        sa.PrimaryKeyConstraint("trial_attr_id", name="pk_tuner_trial_attrs"),
        sa.UniqueConstraint(
            "trial_id", "is_system", "key", name="uq_tuner_trial_attrs_trial_id_is_system_key"
        ),
        **_KW,
    )


def downgrade() -> None:
    for table in (
        "tuner_trial_attrs",
        "tuner_trial_params",
        "tuner_trial_intermediate_values",
        "tuner_trial_values",
        "tuner_trials",
        "tuner_study_attrs",
        "tuner_studies",
    ):
        op.drop_table(table)
