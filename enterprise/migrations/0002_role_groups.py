from django.db import migrations

ROLE_GROUPS = ["sales", "director", "worker", "finance", "client"]


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLE_GROUPS:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    # Permissions are given to these groups after every migrate, from what each
    # app declares (enterprise.roles.sync_roles): later apps add their models.
    dependencies = [
        ("enterprise", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
