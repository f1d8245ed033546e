"""The database schema (head revision), as SQLAlchemy 2.x typed declarative models.

The alembic revisions in ``alembic/versions`` build exactly this schema; a test compares
the two. Every table is prefixed with ``tuner_`` so that tuner can share a database with
other applications (Optuna included) without name clashes.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    Double,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects import mysql
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

VERSION_TABLE = "tuner_alembic_version"
MAX_NAME_LENGTH = 512

# Attribute values and distributions have no length limit: LONGTEXT on MySQL (TEXT there
# stops at 64 KiB), TEXT elsewhere.
LongText = Text().with_variant(mysql.LONGTEXT(), "mysql", "mariadb")
# Microseconds on MySQL too (its DATETIME keeps whole seconds by default).
UTCDateTime = DateTime(timezone=False).with_variant(mysql.DATETIME(fsp=6), "mysql", "mariadb")

# Case-sensitive names on MySQL/MariaDB, whose default collations ignore case.
_MYSQL_TABLE_ARGS = {"mysql_charset": "utf8mb4", "mysql_collate": "utf8mb4_bin"}

# Float encoding: finite values in a DOUBLE column; the kind says what NULL stands for.
FINITE, POS_INF, NEG_INF, NAN = 0, 1, 2, 3


class Base(DeclarativeBase):
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(table_name)s_%(column_0_N_name)s",
            "uq": "uq_%(table_name)s_%(column_0_N_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


class StudyModel(Base):
    __tablename__ = "tuner_studies"
    __table_args__ = (
        UniqueConstraint("study_name"),
        {"sqlite_autoincrement": True, **_MYSQL_TABLE_ARGS},
    )

    study_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    study_name: Mapped[str] = mapped_column(String(MAX_NAME_LENGTH))
    # JSON list of StudyDirection integer values, one per objective.
    directions: Mapped[str] = mapped_column(Text)


class StudyAttrModel(Base):
    __tablename__ = "tuner_study_attrs"
    __table_args__ = (
        UniqueConstraint("study_id", "is_system", "key"),
        {"sqlite_autoincrement": True, **_MYSQL_TABLE_ARGS},
    )

    study_attr_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    study_id: Mapped[int] = mapped_column(ForeignKey("tuner_studies.study_id"))
    is_system: Mapped[bool] = mapped_column(Boolean)
    key: Mapped[str] = mapped_column(String(MAX_NAME_LENGTH))
    value_json: Mapped[str] = mapped_column(LongText)


class TrialModel(Base):
    __tablename__ = "tuner_trials"
    __table_args__ = (
        # Trial numbers are unique per study by this constraint, not by a lock.
        UniqueConstraint("study_id", "number"),
        Index(None, "study_id", "state"),
        {"sqlite_autoincrement": True, **_MYSQL_TABLE_ARGS},
    )

    trial_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    study_id: Mapped[int] = mapped_column(ForeignKey("tuner_studies.study_id"))
    number: Mapped[int] = mapped_column(Integer)
    state: Mapped[int] = mapped_column(SmallInteger)
    datetime_start: Mapped[datetime | None] = mapped_column(UTCDateTime)
    datetime_complete: Mapped[datetime | None] = mapped_column(UTCDateTime)


class TrialParamModel(Base):
    __tablename__ = "tuner_trial_params"
    __table_args__ = (
        UniqueConstraint("trial_id", "param_name"),
        {"sqlite_autoincrement": True, **_MYSQL_TABLE_ARGS},
    )

    param_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    trial_id: Mapped[int] = mapped_column(ForeignKey("tuner_trials.trial_id"))
    param_name: Mapped[str] = mapped_column(String(MAX_NAME_LENGTH))
    # The internal representation (a float; a choice index for categoricals).
    param_value: Mapped[float] = mapped_column(Double)
    distribution_json: Mapped[str] = mapped_column(LongText)


class TrialValueModel(Base):
    __tablename__ = "tuner_trial_values"
    __table_args__ = (
        UniqueConstraint("trial_id", "objective"),
        {"sqlite_autoincrement": True, **_MYSQL_TABLE_ARGS},
    )

    trial_value_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    trial_id: Mapped[int] = mapped_column(ForeignKey("tuner_trials.trial_id"))
    objective: Mapped[int] = mapped_column(Integer)
    value: Mapped[float | None] = mapped_column(Double)
    value_kind: Mapped[int] = mapped_column(SmallInteger)


class TrialIntermediateValueModel(Base):
    __tablename__ = "tuner_trial_intermediate_values"
    __table_args__ = (
        UniqueConstraint("trial_id", "step"),
        {"sqlite_autoincrement": True, **_MYSQL_TABLE_ARGS},
    )

    intermediate_value_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    trial_id: Mapped[int] = mapped_column(ForeignKey("tuner_trials.trial_id"))
    step: Mapped[int] = mapped_column(Integer)
    value: Mapped[float | None] = mapped_column(Double)
    value_kind: Mapped[int] = mapped_column(SmallInteger)


class TrialAttrModel(Base):
    __tablename__ = "tuner_trial_attrs"
    __table_args__ = (
        UniqueConstraint("trial_id", "is_system", "key"),
        {"sqlite_autoincrement": True, **_MYSQL_TABLE_ARGS},
    )

    trial_attr_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    trial_id: Mapped[int] = mapped_column(ForeignKey("tuner_trials.trial_id"))
    is_system: Mapped[bool] = mapped_column(Boolean)
    key: Mapped[str] = mapped_column(String(MAX_NAME_LENGTH))
    value_json: Mapped[str] = mapped_column(LongText)


class TrialHeartbeatModel(Base):
    """The last beat of a running trial, in seconds since the epoch by the database's clock
    (so that workers on machines with skewed clocks agree on what is stale)."""

    __tablename__ = "tuner_trial_heartbeats"
    __table_args__ = (_MYSQL_TABLE_ARGS,)

    trial_id: Mapped[int] = mapped_column(ForeignKey("tuner_trials.trial_id"), primary_key=True)
    beat: Mapped[float] = mapped_column(Double)


_tables = Base.metadata.tables
studies = _tables["tuner_studies"]
study_attrs = _tables["tuner_study_attrs"]
trials = _tables["tuner_trials"]
trial_params = _tables["tuner_trial_params"]
trial_values = _tables["tuner_trial_values"]
trial_intermediate_values = _tables["tuner_trial_intermediate_values"]
trial_attrs = _tables["tuner_trial_attrs"]
trial_heartbeats = _tables["tuner_trial_heartbeats"]
