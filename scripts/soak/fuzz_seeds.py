"""Seeds for the JSON fuzz targets: real answers of a tiny sandbox bank, saved into an empty corpus.

    python3 fuzz_seeds.py COFFER_BIN CORPUS_DIR

Only corpus folders that are empty are filled (a committed corpus is kept as it is): issuer_json
gets the issuer API's answers (token grant, accounts, transactions, balances, statements, FICO,
rewards and their events, deposits, transfers, cards, card events, the events feed), simplefin_json
the `/accounts` answer of a claimed Access URL.
"""

import base64
import json
import os
import subprocess
import sys
import urllib.request


def fetch(url, data=None, headers=None, method=None):
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    with urllib.request.urlopen(req, timeout=30) as r:
        return r.read()


def save(folder, name, body):
    with open(os.path.join(folder, name), "wb") as f:
        f.write(body[:65536])


def main():
    binary, corpus = sys.argv[1], sys.argv[2]
    issuer_dir, sfin_dir = os.path.join(corpus, "issuer_json"), os.path.join(corpus, "simplefin_json")
    wanted = [d for d in (issuer_dir, sfin_dir) if not os.path.isdir(d) or not os.listdir(d)]
    if not wanted:
        return
    knobs = ["--cards", "1", "--savings", "1", "--cds", "1", "--months", "2", "--tx-per-month", "3"]
    sandbox = subprocess.Popen([binary, "sandbox", "serve"] + knobs, stdout=subprocess.PIPE, text=True)
    try:
        base = sandbox.stdout.readline().strip()
        if issuer_dir in wanted:
            os.makedirs(issuer_dir, exist_ok=True)
            api = base + "/api/v1/barclays-us/"
            login = {"username": "demo", "password": "demo", "device": {"id": "fuzz-seed", "biometric": False},
                     "challenge": "otp:123456"}
            grant = fetch(api + "auth/login", json.dumps(login).encode(), {"Content-Type": "application/json"})
            auth = {"Authorization": "Bearer " + json.loads(grant)["access_token"]}
            # The shape of a grant, without the sandbox's live tokens.
            masked = dict(json.loads(grant), access_token="at_seed", refresh_token="rt_seed")
            save(issuer_dir, "token_grant.json", json.dumps(masked).encode())
            accounts = fetch(api + "accounts", headers=auth)
            save(issuer_dir, "accounts.json", accounts)
            for path in ["fico/history", "rewards", "deposits", "transfers", "cards", "card_events", "events?limit=5"]:
                save(issuer_dir, path.split("?")[0].replace("/", "_") + ".json", fetch(api + path, headers=auth))
            for a in json.loads(accounts)["accounts"]:
                aid = a["id"]
                for path in ["transactions?limit=5", "balances", "statements"]:
                    save(issuer_dir, f"{aid}_{path.split('?')[0]}.json", fetch(f"{api}accounts/{aid}/{path}", headers=auth))
            for p in json.loads(fetch(api + "rewards", headers=auth)).get("programs", []):
                save(issuer_dir, f"{p['id']}_events.json", fetch(f"{api}rewards/{p['id']}/events?limit=5", headers=auth))
        if sfin_dir in wanted:
            os.makedirs(sfin_dir, exist_ok=True)
            token = fetch(base + "/_sandbox/simplefin/setup-token").decode().strip()
            access = fetch(base64.b64decode(token).decode(), b"", method="POST").decode().strip()
            scheme, rest = access.split("://", 1)
            userinfo, host = rest.split("@", 1)
            auth = {"Authorization": "Basic " + base64.b64encode(urllib.request.unquote(userinfo).encode()).decode()}
            save(sfin_dir, "accounts.json", fetch(f"{scheme}://{host}/accounts", headers=auth))
            save(sfin_dir, "accounts_pending.json", fetch(f"{scheme}://{host}/accounts?pending=1", headers=auth))
    finally:
        sandbox.kill()
        sandbox.wait()


if __name__ == "__main__":
    main()
