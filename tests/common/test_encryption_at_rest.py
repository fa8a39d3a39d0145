"""Personal fields are encrypted in the database and its history tables, and still found by name.

What is read straight from the tables (plain SQL, as a stolen copy would be read) holds no
name, phone or case note; without the keys the copy is useless; keys rotate.
"""

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import FieldError, ValidationError
from django.core.management import CommandError, call_command
from django.db import connection

from carenet.common.crypto import Undecryptable, crypt_columns, encrypted_fields
from carenet.common.management.commands.reencrypt import encrypted_models, stored_tokens
from carenet.community.models import StartupGroup
from carenet.events.models import Application
from consultations.models import Consultation, ContactLog, Referral
from tests.community.factories import make_group
from tests.conftest import make_consultation
from tests.events.factories import make_event

pytestmark = pytest.mark.django_db

# Each is a whole value given to one personal field below: none may be found in any table.
SECRETS = {
    "name": "暗号 花子",
    "name_kana": "あんごう はなこ",
    "requester_name": "暗号 次郎",
    "phone": "0422-99-8765",
    "email": "hanako.angou@example.invalid",
    "summary": "夫の物忘れがひどくなり眠れない",
    "outcome": "地域包括支援センターにつないで終結",
    "what_happened": "自宅を訪問し娘さんと話した",
    "next_step": "来週もう一度電話する",
    "service": "配食サービスの申請",
    "outcome_note": "本人が月曜から利用",
    "application_name": "鍵谷 太郎",
    "application_phone": "0422-55-4321",
    "application_note": "車いすで参加します",
    "representative": "代表 みどり",
    "group_phone": "042-888-7777",
    "message": "膝が悪い人が多いです",
}


def every_personal_record():
    case = make_consultation(
        "inokashira",
        **{
            key: SECRETS[key]
            for key in ("name", "name_kana", "requester_name", "phone", "email", "summary")
        },
        requester="family",
    )
    case.outcome = SECRETS["outcome"]
    case.save()  # a second history row, as an edit makes
    ContactLog.objects.create(
        consultation=case,
        method="home_visit",
        what_happened=SECRETS["what_happened"],
        next_step=SECRETS["next_step"],
    )
    Referral.objects.create(
        consultation=case, service=SECRETS["service"], outcome_note=SECRETS["outcome_note"]
    )
    Application.take(
        make_event(),
        name=SECRETS["application_name"],
        phone=SECRETS["application_phone"],
        note=SECRETS["application_note"],
    )
    make_group(
        representative=SECRETS["representative"],
        phone=SECRETS["group_phone"],
        message=SECRETS["message"],
    )
    return case


def every_cell_of(table):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
        return [str(value) for row in cursor.fetchall() for value in row if value is not None]


def digits(text):
    return "".join(ch for ch in text if ch.isdigit())


def test_no_table_holds_a_name_phone_or_case_note_in_plain_text():
    every_personal_record()
    tables = connection.introspection.table_names()
    cells = [cell for table in tables for cell in every_cell_of(table)]
    assert len(cells) > 1000  # the seed directory is there too: the search really looked
    for secret in SECRETS.values():
        words = [secret, *secret.split(), digits(secret) or secret]
        found = [cell for cell in cells for word in words if len(word) > 1 and word in cell]
        assert found == [], secret


def test_the_live_rows_and_their_history_copies_are_tokens():
    case = every_personal_record()
    history = Consultation.history.model
    tables = [
        Consultation,
        history,
        ContactLog,
        ContactLog.history.model,
        Referral,
        Referral.history.model,
        Application,
        StartupGroup,
        StartupGroup.history.model,
    ]
    for model in tables:
        tokens = [t for t in stored_tokens(model, encrypted_fields(model)) if t]
        assert tokens, model
        assert all(token.startswith("gAAAAA") for token in tokens), model
    assert history.objects.filter(id=case.pk).count() == 2
    assert {row.name for row in history.objects.filter(id=case.pk)} == {SECRETS["name"]}


def test_the_application_reads_back_what_was_written():
    case = every_personal_record()
    fresh = Consultation.objects.get(pk=case.pk)
    assert (fresh.name, fresh.phone, fresh.summary, fresh.outcome) == (
        SECRETS["name"],
        SECRETS["phone"],
        SECRETS["summary"],
        SECRETS["outcome"],
    )
    assert fresh.contacts.get().what_happened == SECRETS["what_happened"]
    assert Application.objects.get().note == SECRETS["application_note"]
    assert (
        StartupGroup.objects.get(pk=StartupGroup.objects.latest("pk").pk).message
        == (SECRETS["message"])
    )


def test_a_copy_of_the_database_without_the_keys_is_useless(settings):
    case = every_personal_record()
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    settings.SEARCH_INDEX_KEY = "a guess at the index key"
    with pytest.raises(Undecryptable):
        Consultation.objects.get(pk=case.pk)
    with pytest.raises(Undecryptable):
        list(Application.objects.all())
    # Nor does the index give a name away: a guessed name hashes to nothing stored.
    assert not Consultation.objects.matching_name(SECRETS["name"]).exists()
    assert not Application.objects.matching_name(SECRETS["application_phone"]).exists()


def test_staff_find_a_person_by_name_reading_or_phone_however_typed():
    case = every_personal_record()
    for words in (
        "暗号 花子",
        "暗号花子",
        "アンゴウ",
        "ｱﾝｺﾞｳ ﾊﾅｺ",
        "0422998765",
        "０４２２－９９－８７６５",
    ):
        assert list(Consultation.objects.matching_name(words)) == [case], words
    assert list(Consultation.objects.matching_name("暗号 次郎")) == [case]  # who asked
    assert not Consultation.objects.matching_name("暗").exists()  # whole words only
    assert not Consultation.objects.matching_name("0422").exists()
    assert Application.objects.matching_name("かぎや じろう").count() == 0
    assert Application.objects.matching_name("鍵谷 太郎").count() == 1
    assert StartupGroup.objects.matching_name("だいひょう みどり").count() == 1


def test_comparing_an_encrypted_field_with_a_value_is_refused_not_silently_empty():
    every_personal_record()
    with pytest.raises(FieldError, match="encrypted"):
        Consultation.objects.filter(name=SECRETS["name"]).exists()
    with pytest.raises(FieldError):
        Consultation.objects.filter(summary__contains="物忘れ").exists()
    assert Consultation.objects.exclude(phone="").count() == 1  # empty is stored empty


def test_a_name_too_long_is_refused_on_the_plain_text_not_the_token():
    case = make_consultation("inokashira")
    case.name = "あ" * 51
    with pytest.raises(ValidationError) as refused:
        case.full_clean()
    assert "name" in refused.value.message_dict
    case.name = "あ" * 50
    case.full_clean()


def test_keys_rotate_new_writes_use_the_newest_and_reencrypt_moves_the_old_rows(settings):
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    old_case = every_personal_record()
    new_key = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new_key, old_key]

    new_case = make_consultation("osawa", name="新しい 鍵")
    assert Consultation.objects.get(pk=old_case.pk).name == SECRETS["name"]
    with pytest.raises(CommandError, match="older key"):
        call_command("reencrypt", "--check", stdout=open("/dev/null", "w"))

    call_command("reencrypt", stdout=open("/dev/null", "w"))
    call_command("reencrypt", "--check", stdout=open("/dev/null", "w"))

    settings.FIELD_ENCRYPTION_KEYS = [new_key]  # the old key is gone: everything still reads
    for model in encrypted_models():
        list(model._default_manager.all())
    assert Consultation.objects.get(pk=old_case.pk).summary == SECRETS["summary"]
    assert Consultation.objects.get(pk=new_case.pk).name == "新しい 鍵"
    history = Consultation.history.model.objects.filter(id=old_case.pk)
    assert {row.outcome for row in history} == {"", SECRETS["outcome"]}


def test_a_new_index_key_finds_people_again_after_reencrypt(settings):
    case = every_personal_record()
    settings.SEARCH_INDEX_KEY = "a new index key, rotated"
    assert not Consultation.objects.matching_name("暗号").exists()
    call_command("reencrypt", stdout=open("/dev/null", "w"))
    assert list(Consultation.objects.matching_name("暗号")) == [case]
    assert StartupGroup.objects.matching_name("代表").count() == 1


def test_the_migration_encrypts_plain_rows_once_and_going_back_restores_them():
    case = make_consultation("inokashira", name="", summary="")
    table = Consultation._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET name = %s, summary = %s WHERE id = %s",
            ["平文 さん", "移行前の内容", case.pk],
        )

    class Apps:  # what a migration is given: here, the current models
        @staticmethod
        def get_model(app_label, model_name):
            return Consultation

    class Editor:
        pass

    editor = Editor()
    editor.connection = connection
    columns = {"consultation": ["name", "summary"]}
    for _ in range(2):  # a half-run migration may run again: nothing is encrypted twice
        crypt_columns(Apps, editor, "consultations", columns)
        assert Consultation.objects.get(pk=case.pk).name == "平文 さん"
    assert "平文" not in "".join(every_cell_of(table))

    crypt_columns(Apps, editor, "consultations", columns, forward=False)
    assert "移行前の内容" in every_cell_of(table)
