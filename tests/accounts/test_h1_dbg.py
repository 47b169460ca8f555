import re
from tests.accounts.test_passwords import *  # noqa
def test_dbg(app, mailbox, citizen):
    _request_reset(app, citizen["email"])
    link = _reset_link(mailbox, citizen["email"])
    page = app.get(link).get_data(as_text=True)
    response = app.post(link, data={"password1": "rahasia", "password2": "rahasia", "_csrf_token": csrf(page)})
    html = response.get_data(as_text=True)
    i = html.find('<form')
    print(response.status_code, re.sub(r"\s+"," ",html[i-1500:i+3000]))
    assert 0
