import pytest

@pytest.mark.django_db
def test_probe(client, django_user_model):
    django_user_model.objects.create_superuser("print-admin", "p@example.invalid", "pw-Print-12345")
    r = client.post("/admin/login/", {"username": "print-admin", "password": "pw-Print-12345", "next": "/admin/"})
    print("login", r.status_code, r.get("Location"))
    r = client.get("/admin/")
    print("index", r.status_code, r.get("Location"))
    r = client.get("/admin/salons/salon/")
    print("list", r.status_code, r.get("Location"), "result_list" in r.content.decode(), r.content.decode().count("action-select"))
    print(dict(client.session))
