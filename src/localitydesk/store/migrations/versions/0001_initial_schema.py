"""initial schema: every entity of a locality's working data

Besides the tables, a trigger pair makes double booking impossible at the
database level: a worker cannot hold two active bookings whose times overlap,
whichever window or process tries to write the second.

Revision ID: 0001
Revises: 
Create Date: 2026-11-23 10:55:59.086526
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import localitydesk.store.types as ldtypes  # noqa: F401 - used by rendered column types


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


ACTIVE = "('offered','accepted','confirmed','worked')"
OVERLAP_GUARD = """
CREATE TRIGGER booking_no_overlap_{when}
BEFORE {event} ON booking
WHEN NEW.status IN {active}
BEGIN
    SELECT RAISE(ABORT, 'double booking: worker already booked at an overlapping time')
    WHERE EXISTS (
        SELECT 1 FROM booking AS other
        WHERE other.worker_id = NEW.worker_id
          AND other.id != NEW.id
          AND other.status IN {active}
          AND other.starts_at < NEW.ends_at
          AND NEW.starts_at < other.ends_at
    );
END
"""


def _create_overlap_guards() -> None:
    op.execute(OVERLAP_GUARD.format(when="insert", event="INSERT", active=ACTIVE))
    op.execute(
        OVERLAP_GUARD.format(
            when="update", event="UPDATE OF worker_id, status, starts_at, ends_at", active=ACTIVE
        )
    )


def upgrade() -> None:
    op.create_table('locality',
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('name_cy', sa.String(length=120), nullable=False),
    sa.Column('name_en', sa.String(length=120), nullable=False),
    sa.Column('is_home', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', ldtypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', ldtypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_locality')),
    sa.UniqueConstraint('code', name=op.f('uq_locality_code'))
    )
    op.create_table('outbox_change',
    sa.Column('seq', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('change_id', sa.Uuid(), nullable=False),
    sa.Column('entity', sa.String(length=60), nullable=False),
    sa.Column('entity_id', sa.Uuid(), nullable=False),
    sa.Column('operation', sa.String(length=10), nullable=False),
    sa.Column('base_version', sa.Integer(), nullable=False),
    sa.Column('changed_fields', sa.JSON(), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('schema_version', sa.Integer(), nullable=False),
    sa.Column('created_at', ldtypes.UTCDateTime(), nullable=False),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('batch_key', sa.String(length=64), nullable=True),
    sa.Column('result', sa.JSON(), nullable=True),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_outbox_change')),
    sa.UniqueConstraint('change_id', name=op.f('uq_outbox_change_change_id')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('outbox_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_change_batch_key'), ['batch_key'], unique=False)
        batch_op.create_index('ix_outbox_change_state_seq', ['state', 'seq'], unique=False)

    op.create_table('sync_batch',
    sa.Column('idempotency_key', sa.String(length=64), nullable=False),
    sa.Column('first_seq', sa.Integer(), nullable=False),
    sa.Column('last_seq', sa.Integer(), nullable=False),
    sa.Column('created_at', ldtypes.UTCDateTime(), nullable=False),
    sa.Column('answered_at', ldtypes.UTCDateTime(), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('idempotency_key', name=op.f('pk_sync_batch'))
    )
    op.create_table('app_user',
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('role', sa.Enum('admin', 'manager', 'coordinator', name='userrole', native_enum=False, length=32), nullable=False),
    sa.Column('preferred_language', sa.Enum('cy', 'en', name='language', native_enum=False, length=32), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('locality_id', sa.Uuid(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', ldtypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', ldtypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['locality_id'], ['locality.id'], name=op.f('fk_app_user_locality_id_locality')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_app_user'))
    )
    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_app_user_locality_id'), ['locality_id'], unique=False)

    op.create_table('provider',
    sa.Column('name_cy', sa.String(length=160), nullable=False),
    sa.Column('name_en', sa.String(length=160), nullable=False),
    sa.Column('kind', sa.Enum('care_home', 'nursing_home', 'domiciliary', 'supported_living', 'nhs_ward', 'community', name='providertype', native_enum=False, length=32), nullable=False),
    sa.Column('town', sa.String(length=80), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('email', sa.String(length=120), nullable=False),
    sa.Column('needs_driver', sa.Boolean(), nullable=False),
    sa.Column('people_supported', sa.Integer(), nullable=False),
    sa.Column('people_preferring_welsh', sa.Integer(), nullable=False),
    sa.Column('welsh_essential_roles', sa.JSON(), nullable=False),
    sa.Column('welsh_essential_level', sa.Integer(), nullable=False),
    sa.Column('charging_basis', sa.Enum('rate_card', 'cost_recharge', name='chargingbasis', native_enum=False, length=32), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('locality_id', sa.Uuid(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', ldtypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', ldtypes.UTCDateTime(), nullable=False),
    sa.Column('deleted_at', ldtypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['locality_id'], ['locality.id'], name=op.f('fk_provider_locality_id_locality')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_provider'))
    )
    with op.batch_alter_table('provider', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_provider_locality_id'), ['locality_id'], unique=False)

    op.create_table('worker',
    sa.Column('staff_number', sa.String(length=20), nullable=False),
    sa.Column('first_name', sa.String(length=80), nullable=False),
    sa.Column('last_name', sa.String(length=80), nullable=False),
    sa.Column('preferred_language', sa.Enum('cy', 'en', name='language', native_enum=False, length=32), nullable=False),
    sa.Column('welsh_speaking', sa.SmallInteger(), nullable=False),
    sa.Column('welsh_reading', sa.SmallInteger(), nullable=False),
    sa.Column('welsh_writing', sa.SmallInteger(), nullable=False),
    sa.Column('employment_type', sa.Enum('core', 'bank', 'new_to_care', name='employmenttype', native_enum=False, length=32), nullable=False),
    sa.Column('main_role', sa.Enum('care_worker', 'senior_care_worker', 'support_worker', 'healthcare_support_worker', 'registered_nurse', name='role', native_enum=False, length=32), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('leaving_date', sa.Date(), nullable=True),
    sa.Column('leaving_reason', sa.String(length=200), nullable=True),
    sa.Column('contracted_hours', ldtypes.ExactDecimal(length=24), nullable=True),
    sa.Column('wtr_opt_out', sa.Boolean(), nullable=False),
    sa.Column('wtr_opt_out_signed_on', sa.Date(), nullable=True),
    sa.Column('date_of_birth', sa.Date(), nullable=True),
    sa.Column('drives', sa.Boolean(), nullable=False),
    sa.Column('has_car', sa.Boolean(), nullable=False),
    sa.Column('max_travel_km', sa.Integer(), nullable=True),
    sa.Column('home_town', sa.String(length=80), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('email', sa.String(length=120), nullable=False),
    sa.Column('notes_cy', sa.Text(), nullable=False),
    sa.Column('notes_en', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('locality_id', sa.Uuid(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', ldtypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', ldtypes.UTCDateTime(), nullable=False),
    sa.Column('deleted_at', ldtypes.UTCDateTime(), nullable=True),
    sa.CheckConstraint('welsh_reading BETWEEN 0 AND 5', name=op.f('ck_worker_welsh_reading_range')),
    sa.CheckConstraint('welsh_speaking BETWEEN 0 AND 5', name=op.f('ck_worker_welsh_speaking_range')),
    sa.CheckConstraint('welsh_writing BETWEEN 0 AND 5', name=op.f('ck_worker_welsh_writing_range')),
    sa.ForeignKeyConstraint(['locality_id'], ['locality.id'], name=op.f('fk_worker_locality_id_locality')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_worker')),
    sa.UniqueConstraint('locality_id', 'staff_number', name='uq_worker_staff_number')
    )
    with op.batch_alter_table('worker', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_worker_locality_id'), ['locality_id'], unique=False)

    op.create_table('absence',
    sa.Column('worker_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.Enum('annual_leave', 'sickness', 'other', name='absencekind', native_enum=False, length=32), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('locality_id', sa.Uuid(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', ldtypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', ldtypes.UTCDateTime(), nullable=False),
    sa.Column('deleted_at', ldtypes.UTCDateTime(), nullable=True),
    sa.CheckConstraint('end_date >= start_date', name=op.f('ck_absence_dates_in_order')),
    sa.ForeignKeyConstraint(['locality_id'], ['locality.id'], name=op.f('fk_absence_locality_id_locality')),
    sa.ForeignKeyConstraint(['worker_id'], ['worker.id'], name=op.f('fk_absence_worker_id_worker'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_absence'))
    )
    with op.batch_alter_table('absence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_absence_locality_id'), ['locality_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_absence_worker_id'), ['worker_id'], unique=False)

    op.create_table('audit_entry',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('at', ldtypes.UTCDateTime(), nullable=False),
    sa.Column('locality_id', sa.Uuid(), nullable=True),
    sa.Column('user_id', sa.Uuid(), nullable=True),
    sa.Column('actor', sa.String(length=120), nullable=False),
    sa.Column('action', sa.String(length=80), nullable=False),
    sa.Column('entity', sa.String(length=60), nullable=False),
    sa.Column('entity_id', sa.String(length=36), nullable=False),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['locality_id'], ['locality.id'], name=op.f('fk_audit_entry_locality_id_locality')),
    sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], name=op.f('fk_audit_entry_user_id_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entry')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.create_index('ix_audit_entry_entity', ['entity', 'entity_id'], unique=False)

    op.create_table('availability_slot',
    sa.Column('worker_id', sa.Uuid(), nullable=False),
    sa.Column('weekday', sa.SmallInteger(), nullable=False),
    sa.Column('start_time', sa.Time(), nullable=False),
    sa.Column('end_time', sa.Time(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('locality_id', sa.Uuid(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', ldtypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', ldtypes.UTCDateTime(), nullable=False),
    sa.CheckConstraint('weekday BETWEEN 0 AND 6', name=op.f('ck_availability_slot_weekday_range')),
    sa.ForeignKeyConstraint(['locality_id'], ['locality.id'], name=op.f('fk_availability_slot_locality_id_locality')),
    sa.ForeignKeyConstraint(['worker_id'], ['worker.id'], name=op.f('fk_availability_slot_worker_id_worker'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_availability_slot'))
    )
    with op.batch_alter_table('availability_slot', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_availability_slot_locality_id'), ['locality_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_availability_slot_worker_id'), ['worker_id'], unique=False)

    op.create_table('compliance_item',
    sa.Column('worker_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.Enum('dbs_enhanced', 'scw_registration', 'nmc_registration', 'safeguarding', 'manual_handling', 'medication', 'mca_dols', 'first_aid', 'infection_control', 'food_hygiene', name='compliancetype', native_enum=False, length=32), nullable=False),
    sa.Column('reference', sa.String(length=80), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=True),
    sa.Column('expires_on', sa.Date(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('locality_id', sa.Uuid(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', ldtypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', ldtypes.UTCDateTime(), nullable=False),
    sa.Column('deleted_at', ldtypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['locality_id'], ['locality.id'], name=op.f('fk_compliance_item_locality_id_locality')),
    sa.ForeignKeyConstraint(['worker_id'], ['worker.id'], name=op.f('fk_compliance_item_worker_id_worker'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_compliance_item'))
    )
    with op.batch_alter_table('compliance_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_compliance_item_locality_id'), ['locality_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_compliance_item_worker_id'), ['worker_id'], unique=False)

    op.create_table('cover_request',
    sa.Column('provider_id', sa.Uuid(), nullable=False),
    sa.Column('role', sa.Enum('care_worker', 'senior_care_worker', 'support_worker', 'healthcare_support_worker', 'registered_nurse', name='role', native_enum=False, length=32), nullable=False),
    sa.Column('starts_at', ldtypes.UTCDateTime(), nullable=False),
    sa.Column('ends_at', ldtypes.UTCDateTime(), nullable=False),
    sa.Column('unpaid_break_minutes', sa.Integer(), nullable=False),
    sa.Column('staff_needed', sa.SmallInteger(), nullable=False),
    sa.Column('reason', sa.Enum('sickness', 'leave', 'maternity', 'vacancy', 'surge', 'shadow', name='requestreason', native_enum=False, length=32), nullable=False),
    sa.Column('welsh_requirement', sa.Enum('none', 'desirable', 'essential', name='welshrequirement', native_enum=False, length=32), nullable=False),
    sa.Column('welsh_level', sa.SmallInteger(), nullable=False),
    sa.Column('required_skills', sa.JSON(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('requested_at', ldtypes.UTCDateTime(), nullable=False),
    sa.Column('requested_by', sa.String(length=120), nullable=False),
    sa.Column('taken_by_id', sa.Uuid(), nullable=True),
    sa.Column('status', sa.Enum('open', 'partly_filled', 'filled', 'cancelled', name='requeststatus', native_enum=False, length=32), nullable=False),
    sa.Column('block_id', sa.Uuid(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('locality_id', sa.Uuid(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', ldtypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', ldtypes.UTCDateTime(), nullable=False),
    sa.Column('deleted_at', ldtypes.UTCDateTime(), nullable=True),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_cover_request_ends_after_start')),
    sa.CheckConstraint('staff_needed >= 1', name=op.f('ck_cover_request_staff_needed_positive')),
    sa.CheckConstraint('unpaid_break_minutes >= 0', name=op.f('ck_cover_request_break_not_negative')),
    sa.ForeignKeyConstraint(['locality_id'], ['locality.id'], name=op.f('fk_cover_request_locality_id_locality')),
    sa.ForeignKeyConstraint(['provider_id'], ['provider.id'], name=op.f('fk_cover_request_provider_id_provider')),
    sa.ForeignKeyConstraint(['taken_by_id'], ['app_user.id'], name=op.f('fk_cover_request_taken_by_id_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cover_request'))
    )
    with op.batch_alter_table('cover_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cover_request_block_id'), ['block_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cover_request_locality_id'), ['locality_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cover_request_provider_id'), ['provider_id'], unique=False)
        batch_op.create_index('ix_cover_request_starts_at_status', ['starts_at', 'status'], unique=False)

    op.create_table('provider_contact',
    sa.Column('provider_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.Enum('contact', 'signatory', name='contactkind', native_enum=False, length=32), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('job_title', sa.String(length=120), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('email', sa.String(length=120), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('locality_id', sa.Uuid(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', ldtypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', ldtypes.UTCDateTime(), nullable=False),
    sa.Column('deleted_at', ldtypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['locality_id'], ['locality.id'], name=op.f('fk_provider_contact_locality_id_locality')),
    sa.ForeignKeyConstraint(['provider_id'], ['provider.id'], name=op.f('fk_provider_contact_provider_id_provider'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_provider_contact'))
    )
    with op.batch_alter_table('provider_contact', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_provider_contact_locality_id'), ['locality_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_provider_contact_provider_id'), ['provider_id'], unique=False)

    op.create_table('provider_worker_preference',
    sa.Column('provider_id', sa.Uuid(), nullable=False),
    sa.Column('worker_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.Enum('preferred', 'do_not_send', name='preferencekind', native_enum=False, length=32), nullable=False),
    sa.Column('reason', sa.String(length=300), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('locality_id', sa.Uuid(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', ldtypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', ldtypes.UTCDateTime(), nullable=False),
    sa.Column('deleted_at', ldtypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['locality_id'], ['locality.id'], name=op.f('fk_provider_worker_preference_locality_id_locality')),
    sa.ForeignKeyConstraint(['provider_id'], ['provider.id'], name=op.f('fk_provider_worker_preference_provider_id_provider'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['worker_id'], ['worker.id'], name=op.f('fk_provider_worker_preference_worker_id_worker'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_provider_worker_preference')),
    sa.UniqueConstraint('provider_id', 'worker_id', name='uq_provider_worker_preference_pair')
    )
    with op.batch_alter_table('provider_worker_preference', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_provider_worker_preference_locality_id'), ['locality_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_provider_worker_preference_provider_id'), ['provider_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_provider_worker_preference_worker_id'), ['worker_id'], unique=False)

    op.create_table('rate_card_entry',
    sa.Column('provider_id', sa.Uuid(), nullable=False),
    sa.Column('role', sa.Enum('care_worker', 'senior_care_worker', 'support_worker', 'healthcare_support_worker', 'registered_nurse', name='role', native_enum=False, length=32), nullable=False),
    sa.Column('effective_from', sa.Date(), nullable=False),
    sa.Column('hourly_rate', ldtypes.ExactDecimal(length=24), nullable=False),
    sa.Column('saturday_uplift_pct', ldtypes.ExactDecimal(length=24), nullable=False),
    sa.Column('sunday_uplift_pct', ldtypes.ExactDecimal(length=24), nullable=False),
    sa.Column('night_uplift_pct', ldtypes.ExactDecimal(length=24), nullable=False),
    sa.Column('bank_holiday_uplift_pct', ldtypes.ExactDecimal(length=24), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('locality_id', sa.Uuid(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', ldtypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', ldtypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['locality_id'], ['locality.id'], name=op.f('fk_rate_card_entry_locality_id_locality')),
    sa.ForeignKeyConstraint(['provider_id'], ['provider.id'], name=op.f('fk_rate_card_entry_provider_id_provider'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rate_card_entry')),
    sa.UniqueConstraint('provider_id', 'role', 'effective_from', name='uq_rate_card_entry_role_from')
    )
    with op.batch_alter_table('rate_card_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rate_card_entry_locality_id'), ['locality_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_rate_card_entry_provider_id'), ['provider_id'], unique=False)

    op.create_table('rota_publication',
    sa.Column('period_start', ldtypes.UTCDateTime(), nullable=False),
    sa.Column('weeks', sa.SmallInteger(), nullable=False),
    sa.Column('published_at', ldtypes.UTCDateTime(), nullable=False),
    sa.Column('published_by_id', sa.Uuid(), nullable=True),
    sa.Column('snapshot', sa.JSON(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('locality_id', sa.Uuid(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', ldtypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', ldtypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['locality_id'], ['locality.id'], name=op.f('fk_rota_publication_locality_id_locality')),
    sa.ForeignKeyConstraint(['published_by_id'], ['app_user.id'], name=op.f('fk_rota_publication_published_by_id_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rota_publication'))
    )
    with op.batch_alter_table('rota_publication', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rota_publication_locality_id'), ['locality_id'], unique=False)

    op.create_table('setting',
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('value', sa.String(length=200), nullable=False),
    sa.Column('effective_from', sa.Date(), nullable=False),
    sa.Column('set_by_id', sa.Uuid(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('locality_id', sa.Uuid(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', ldtypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', ldtypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['locality_id'], ['locality.id'], name=op.f('fk_setting_locality_id_locality')),
    sa.ForeignKeyConstraint(['set_by_id'], ['app_user.id'], name=op.f('fk_setting_set_by_id_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_setting'))
    )
    with op.batch_alter_table('setting', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_setting_key'), ['key'], unique=False)
        batch_op.create_index(batch_op.f('ix_setting_locality_id'), ['locality_id'], unique=False)

    op.create_table('statement',
    sa.Column('provider_id', sa.Uuid(), nullable=False),
    sa.Column('number', sa.String(length=30), nullable=False),
    sa.Column('period_from', sa.Date(), nullable=False),
    sa.Column('period_to', sa.Date(), nullable=False),
    sa.Column('issued_at', ldtypes.UTCDateTime(), nullable=False),
    sa.Column('subtotal', ldtypes.ExactDecimal(length=24), nullable=False),
    sa.Column('vat', ldtypes.ExactDecimal(length=24), nullable=False),
    sa.Column('total', ldtypes.ExactDecimal(length=24), nullable=False),
    sa.Column('lines', sa.JSON(), nullable=False),
    sa.Column('credits_statement_id', sa.Uuid(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('locality_id', sa.Uuid(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', ldtypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', ldtypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['credits_statement_id'], ['statement.id'], name=op.f('fk_statement_credits_statement_id_statement')),
    sa.ForeignKeyConstraint(['locality_id'], ['locality.id'], name=op.f('fk_statement_locality_id_locality')),
    sa.ForeignKeyConstraint(['provider_id'], ['provider.id'], name=op.f('fk_statement_provider_id_provider')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_statement')),
    sa.UniqueConstraint('number', name=op.f('uq_statement_number'))
    )
    with op.batch_alter_table('statement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_statement_locality_id'), ['locality_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_statement_provider_id'), ['provider_id'], unique=False)

    op.create_table('worker_role',
    sa.Column('worker_id', sa.Uuid(), nullable=False),
    sa.Column('role', sa.Enum('care_worker', 'senior_care_worker', 'support_worker', 'healthcare_support_worker', 'registered_nurse', name='role', native_enum=False, length=32), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('locality_id', sa.Uuid(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', ldtypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', ldtypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['locality_id'], ['locality.id'], name=op.f('fk_worker_role_locality_id_locality')),
    sa.ForeignKeyConstraint(['worker_id'], ['worker.id'], name=op.f('fk_worker_role_worker_id_worker'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_worker_role')),
    sa.UniqueConstraint('worker_id', 'role', name='uq_worker_role_worker_role')
    )
    with op.batch_alter_table('worker_role', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_worker_role_locality_id'), ['locality_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_worker_role_worker_id'), ['worker_id'], unique=False)

    op.create_table('booking',
    sa.Column('request_id', sa.Uuid(), nullable=False),
    sa.Column('worker_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.Enum('core', 'bank', 'shadow', name='bookingkind', native_enum=False, length=32), nullable=False),
    sa.Column('status', sa.Enum('offered', 'accepted', 'confirmed', 'cancelled_by_provider', 'cancelled_by_worker', 'no_show', 'worked', name='bookingstatus', native_enum=False, length=32), nullable=False),
    sa.Column('starts_at', ldtypes.UTCDateTime(), nullable=False),
    sa.Column('ends_at', ldtypes.UTCDateTime(), nullable=False),
    sa.Column('booked_by_id', sa.Uuid(), nullable=True),
    sa.Column('booked_at', ldtypes.UTCDateTime(), nullable=False),
    sa.Column('confirmed_at', ldtypes.UTCDateTime(), nullable=True),
    sa.Column('cancelled_at', ldtypes.UTCDateTime(), nullable=True),
    sa.Column('cancellation_reason', sa.String(length=300), nullable=False),
    sa.Column('late_cancellation_chargeable', sa.Boolean(), nullable=False),
    sa.Column('locked', sa.Boolean(), nullable=False),
    sa.Column('override_reason', sa.String(length=300), nullable=False),
    sa.Column('override_by_id', sa.Uuid(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('locality_id', sa.Uuid(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', ldtypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', ldtypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['booked_by_id'], ['app_user.id'], name=op.f('fk_booking_booked_by_id_app_user')),
    sa.ForeignKeyConstraint(['locality_id'], ['locality.id'], name=op.f('fk_booking_locality_id_locality')),
    sa.ForeignKeyConstraint(['override_by_id'], ['app_user.id'], name=op.f('fk_booking_override_by_id_app_user')),
    sa.ForeignKeyConstraint(['request_id'], ['cover_request.id'], name=op.f('fk_booking_request_id_cover_request')),
    sa.ForeignKeyConstraint(['worker_id'], ['worker.id'], name=op.f('fk_booking_worker_id_worker')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_booking'))
    )
    with op.batch_alter_table('booking', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_booking_locality_id'), ['locality_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_booking_request_id'), ['request_id'], unique=False)
        batch_op.create_index('ix_booking_worker_time', ['worker_id', 'starts_at', 'ends_at'], unique=False)
        batch_op.create_index('uq_booking_request_worker_active', ['request_id', 'worker_id'], unique=True, sqlite_where=sa.text("status IN ('offered','accepted','confirmed','worked')"), postgresql_where=sa.text("status IN ('offered','accepted','confirmed','worked')"))

    op.create_table('timesheet',
    sa.Column('booking_id', sa.Uuid(), nullable=False),
    sa.Column('actual_start', ldtypes.UTCDateTime(), nullable=False),
    sa.Column('actual_end', ldtypes.UTCDateTime(), nullable=False),
    sa.Column('break_minutes', sa.Integer(), nullable=False),
    sa.Column('mileage', ldtypes.ExactDecimal(length=24), nullable=False),
    sa.Column('change_reason', sa.String(length=300), nullable=False),
    sa.Column('status', sa.Enum('draft', 'signed', 'approved', 'locked', 'invoiced', name='timesheetstatus', native_enum=False, length=32), nullable=False),
    sa.Column('worker_signed_name', sa.String(length=120), nullable=False),
    sa.Column('worker_signed_at', ldtypes.UTCDateTime(), nullable=True),
    sa.Column('worker_signature', sa.LargeBinary(), nullable=True),
    sa.Column('signatory_id', sa.Uuid(), nullable=True),
    sa.Column('signatory_signed_name', sa.String(length=120), nullable=False),
    sa.Column('signatory_signed_at', ldtypes.UTCDateTime(), nullable=True),
    sa.Column('signatory_signature', sa.LargeBinary(), nullable=True),
    sa.Column('signed_on_paper', sa.Boolean(), nullable=False),
    sa.Column('paper_scan', sa.LargeBinary(), nullable=True),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('verified_by_id', sa.Uuid(), nullable=True),
    sa.Column('verified_reason', sa.String(length=300), nullable=False),
    sa.Column('approved_by_id', sa.Uuid(), nullable=True),
    sa.Column('approved_at', ldtypes.UTCDateTime(), nullable=True),
    sa.Column('statement_id', sa.Uuid(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('locality_id', sa.Uuid(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', ldtypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', ldtypes.UTCDateTime(), nullable=False),
    sa.CheckConstraint('actual_end > actual_start', name=op.f('ck_timesheet_ends_after_start')),
    sa.CheckConstraint('break_minutes >= 0', name=op.f('ck_timesheet_break_not_negative')),
    sa.ForeignKeyConstraint(['approved_by_id'], ['app_user.id'], name=op.f('fk_timesheet_approved_by_id_app_user')),
    sa.ForeignKeyConstraint(['booking_id'], ['booking.id'], name=op.f('fk_timesheet_booking_id_booking')),
    sa.ForeignKeyConstraint(['locality_id'], ['locality.id'], name=op.f('fk_timesheet_locality_id_locality')),
    sa.ForeignKeyConstraint(['signatory_id'], ['provider_contact.id'], name=op.f('fk_timesheet_signatory_id_provider_contact')),
    sa.ForeignKeyConstraint(['statement_id'], ['statement.id'], name=op.f('fk_timesheet_statement_id_statement')),
    sa.ForeignKeyConstraint(['verified_by_id'], ['app_user.id'], name=op.f('fk_timesheet_verified_by_id_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_timesheet')),
    sa.UniqueConstraint('booking_id', name=op.f('uq_timesheet_booking_id'))
    )
    with op.batch_alter_table('timesheet', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_timesheet_locality_id'), ['locality_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_timesheet_statement_id'), ['statement_id'], unique=False)

    _create_overlap_guards()


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS booking_no_overlap_insert")
    op.execute("DROP TRIGGER IF EXISTS booking_no_overlap_update")
    with op.batch_alter_table('timesheet', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_timesheet_statement_id'))
        batch_op.drop_index(batch_op.f('ix_timesheet_locality_id'))

    op.drop_table('timesheet')
    with op.batch_alter_table('booking', schema=None) as batch_op:
        batch_op.drop_index('uq_booking_request_worker_active', sqlite_where=sa.text("status IN ('offered','accepted','confirmed','worked')"), postgresql_where=sa.text("status IN ('offered','accepted','confirmed','worked')"))
        batch_op.drop_index('ix_booking_worker_time')
        batch_op.drop_index(batch_op.f('ix_booking_request_id'))
        batch_op.drop_index(batch_op.f('ix_booking_locality_id'))

    op.drop_table('booking')
    with op.batch_alter_table('worker_role', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_worker_role_worker_id'))
        batch_op.drop_index(batch_op.f('ix_worker_role_locality_id'))

    op.drop_table('worker_role')
    with op.batch_alter_table('statement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_statement_provider_id'))
        batch_op.drop_index(batch_op.f('ix_statement_locality_id'))

    op.drop_table('statement')
    with op.batch_alter_table('setting', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_setting_locality_id'))
        batch_op.drop_index(batch_op.f('ix_setting_key'))

    op.drop_table('setting')
    with op.batch_alter_table('rota_publication', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rota_publication_locality_id'))

    op.drop_table('rota_publication')
    with op.batch_alter_table('rate_card_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rate_card_entry_provider_id'))
        batch_op.drop_index(batch_op.f('ix_rate_card_entry_locality_id'))

    op.drop_table('rate_card_entry')
    with op.batch_alter_table('provider_worker_preference', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_provider_worker_preference_worker_id'))
        batch_op.drop_index(batch_op.f('ix_provider_worker_preference_provider_id'))
        batch_op.drop_index(batch_op.f('ix_provider_worker_preference_locality_id'))

    op.drop_table('provider_worker_preference')
    with op.batch_alter_table('provider_contact', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_provider_contact_provider_id'))
        batch_op.drop_index(batch_op.f('ix_provider_contact_locality_id'))

    op.drop_table('provider_contact')
    with op.batch_alter_table('cover_request', schema=None) as batch_op:
        batch_op.drop_index('ix_cover_request_starts_at_status')
        batch_op.drop_index(batch_op.f('ix_cover_request_provider_id'))
        batch_op.drop_index(batch_op.f('ix_cover_request_locality_id'))
        batch_op.drop_index(batch_op.f('ix_cover_request_block_id'))

    op.drop_table('cover_request')
    with op.batch_alter_table('compliance_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_compliance_item_worker_id'))
        batch_op.drop_index(batch_op.f('ix_compliance_item_locality_id'))

    op.drop_table('compliance_item')
    with op.batch_alter_table('availability_slot', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_availability_slot_worker_id'))
        batch_op.drop_index(batch_op.f('ix_availability_slot_locality_id'))

    op.drop_table('availability_slot')
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_entry_entity')

    op.drop_table('audit_entry')
    with op.batch_alter_table('absence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_absence_worker_id'))
        batch_op.drop_index(batch_op.f('ix_absence_locality_id'))

    op.drop_table('absence')
    with op.batch_alter_table('worker', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_worker_locality_id'))

    op.drop_table('worker')
    with op.batch_alter_table('provider', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_provider_locality_id'))

    op.drop_table('provider')
    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_app_user_locality_id'))

    op.drop_table('app_user')
    op.drop_table('sync_batch')
    with op.batch_alter_table('outbox_change', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_change_state_seq')
        batch_op.drop_index(batch_op.f('ix_outbox_change_batch_key'))

    op.drop_table('outbox_change')
    op.drop_table('locality')
