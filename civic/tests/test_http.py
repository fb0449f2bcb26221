"""Files answered by the web layer carry their name, downloaded or shown."""

from civic.http import attachment_response


def test_attachment_response_names_the_file_to_download():
    response = attachment_response("a;b\n", filename="resultats-3.csv",
                                   content_type="text/csv; charset=utf-8")

    assert response["Content-Disposition"] == 'attachment; filename="resultats-3.csv"'
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content == b"a;b\n"
    assert not response.has_header("Cache-Control")


def test_inline_private_file_is_shown_and_never_cached():
    response = attachment_response(b"{}", filename="données.json", inline=True, private=True,
                                   content_type="application/json")

    assert response["Content-Disposition"] == "inline; filename*=utf-8''donn%C3%A9es.json"
    assert response["Cache-Control"] == "no-store"
