"""manage.py render_pdf KIND ID -o FILE | render_pdf KIND --list"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from invoicing.documents import DOCUMENTS, DocumentNotFound


class Command(BaseCommand):
    help = (
        "Write a document's PDF to a file (the stored file once it is issued), "
        "or list the documents of a kind."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", help=f"one of: {', '.join(DOCUMENTS)}")
        parser.add_argument("ident", nargs="?", help="the document's number or id")
        parser.add_argument("-o", "--output", help="the PDF file to write")
        parser.add_argument(
            "--list", action="store_true", help="print the documents, one a line"
        )

    def handle(self, *args, kind, ident, output, list, **options):
        try:
            document = DOCUMENTS[kind]
        except KeyError:
            raise CommandError(
                f"unknown kind {kind!r}: use one of {', '.join(DOCUMENTS)}"
            ) from None
        if list:
            for line in document.listing():
                self.stdout.write(line)
            return
        if not ident or not output:
            raise CommandError("give the document's number or id and -o FILE")
        try:
            filename, content = document.pdf(ident)
        except DocumentNotFound:
            raise CommandError(f"no {kind} {ident!r} (try --list)") from None
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        Path(output).write_bytes(content)
        self.stdout.write(f"{kind} {filename}: wrote {output} ({len(content):,} bytes)")
