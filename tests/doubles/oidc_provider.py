#!/usr/bin/env python3
"""A provincial identity platform for the OpenID Connect tests (issue 15 §1, ADR 0028):
a real OpenID provider assembled from Authlib's server components (AuthorizationServer,
AuthorizationCodeGrant, OpenIDCode, CodeChallenge) on Flask, on loopback.

- discovery at /.well-known/openid-configuration, keys at /jwks (RS256, a fresh key per run);
- authorization code flow with PKCE required (S256), `openid` scope, nonce;
- one registered client (--client-id/--client-secret, client_secret_basic or _post) and its
  --redirect-uri; codes are single use and live 60 s;
- its users (--user sub:name:id-number:phone, repeatable) "sign in" on /authorize with a form,
  as a real platform's page would: POST user=<sub> consents;
- ID tokens carry name, phone_number (left out for a user given without one) and the resident
  ID in the claim "id_number";
- RP-initiated logout at /logout (end_session_endpoint): id_token_hint must be a token this
  provider signed for the client, post_logout_redirect_uri the registered --post-logout-uri;
  each logout is recorded and listed at GET /logouts (the subjects, in order).

Prints "listening <port>" on its first line of output.
"""
import argparse
import secrets
import sys
import time

from flask import Flask, request
from werkzeug.serving import make_server

from authlib.integrations.flask_oauth2 import AuthorizationServer
from authlib.oauth2.rfc6749 import ClientMixin, grants
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import UserInfo
from authlib.oidc.core.grants import OpenIDCode
from authlib.oidc.core.models import AuthorizationCodeMixin
from joserfc.jwk import RSAKey


class User:
    def __init__(self, spec):
        self.sub, self.name, self.id_number, self.phone = spec.split(":")

    def get_user_id(self):
        return self.sub


class Client(ClientMixin):
    def __init__(self, client_id, secret, redirect_uri):
        self.client_id, self.secret, self.redirect_uri = client_id, secret, redirect_uri

    def get_client_id(self):
        return self.client_id

    def get_default_redirect_uri(self):
        return self.redirect_uri

    def get_allowed_scope(self, scope):
        return " ".join(s for s in (scope or "").split() if s in ("openid", "profile", "phone"))

    def check_redirect_uri(self, redirect_uri):
        return redirect_uri == self.redirect_uri

    def check_client_secret(self, client_secret):
        return secrets.compare_digest(client_secret, self.secret)

    def check_endpoint_auth_method(self, method, endpoint):
        return method in ("client_secret_basic", "client_secret_post") if endpoint == "token" else True

    def check_response_type(self, response_type):
        return response_type == "code"

    def check_grant_type(self, grant_type):
        return grant_type == "authorization_code"


class Code(AuthorizationCodeMixin):
    def __init__(self, code, client_id, redirect_uri, scope, user, nonce, challenge, method):
        self.code, self.client_id, self.redirect_uri, self.scope, self.user = code, client_id, redirect_uri, scope, user
        self.nonce, self.code_challenge, self.code_challenge_method = nonce, challenge, method
        self.auth_time = int(time.time())

    def get_redirect_uri(self):
        return self.redirect_uri

    def get_scope(self):
        return self.scope

    def get_nonce(self):
        return self.nonce

    def get_auth_time(self):
        return self.auth_time

    def is_expired(self):
        return time.time() - self.auth_time > 60


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--client-id", required=True)
    parser.add_argument("--client-secret", required=True)
    parser.add_argument("--redirect-uri", required=True)
    parser.add_argument("--user", action="append", required=True, help="sub:name:id-number:phone (phone may be empty)")
    parser.add_argument("--post-logout-uri", default="")
    args = parser.parse_args()

    users = {u.sub: u for u in map(User, args.user)}
    client = Client(args.client_id, args.client_secret, args.redirect_uri)
    key = RSAKey.generate_key(2048, parameters={"kid": "province-1", "use": "sig", "alg": "RS256"}, private=True)
    codes = {}
    app = Flask(__name__)
    server = make_server("127.0.0.1", args.port, app, threaded=True)
    issuer = f"http://127.0.0.1:{server.server_port}"

    class CodeGrant(grants.AuthorizationCodeGrant):
        TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post"]

        def save_authorization_code(self, code, req):
            data = req.payload.data
            codes[code] = Code(code, req.client.get_client_id(), req.payload.redirect_uri, req.scope, req.user, data.get("nonce"),
                               data.get("code_challenge"), data.get("code_challenge_method"))

        def query_authorization_code(self, code, client):
            item = codes.get(code)
            if item and item.client_id == client.get_client_id() and not item.is_expired():
                return item
            return None

        def delete_authorization_code(self, authorization_code):
            codes.pop(authorization_code.code, None)

        def authenticate_user(self, authorization_code):
            return authorization_code.user

    class IDToken(OpenIDCode):
        def exists_nonce(self, nonce, req):
            return any(c.nonce == nonce for c in codes.values())

        def resolve_client_private_key(self, client):
            return key

        def get_client_algorithm(self, client):
            return "RS256"

        def get_encode_header(self, client):
            return {"alg": "RS256", "kid": "province-1"}

        def get_client_claims(self, client):
            return {"iss": issuer, "aud": [client.get_client_id()], "exp": int(time.time()) + 300}

        def generate_user_info(self, user, scope):
            info = UserInfo(sub=user.sub, name=user.name, id_number=user.id_number)
            if user.phone:
                info["phone_number"] = user.phone
            return info

    authorization = AuthorizationServer(app, query_client=lambda cid: client if cid == client.client_id else None,
                                        save_token=lambda token, req: None)
    authorization.register_grant(CodeGrant, [IDToken(require_nonce=True), CodeChallenge(required=True)])

    @app.get("/.well-known/openid-configuration")
    def discovery():
        return {"issuer": issuer, "authorization_endpoint": issuer + "/authorize", "token_endpoint": issuer + "/token",
                "jwks_uri": issuer + "/jwks", "end_session_endpoint": issuer + "/logout", "response_types_supported": ["code"], "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"], "code_challenge_methods_supported": ["S256"],
                "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"]}

    @app.get("/jwks")
    def jwks():
        return {"keys": [key.as_dict(private=False)]}

    @app.route("/authorize", methods=["GET", "POST"])
    def authorize():
        if request.method == "GET":
            authorization.get_consent_grant(end_user=None)  # the request is checked before the page is shown
            options = "".join(f'<option value="{u.sub}">{u.name}</option>' for u in users.values())
            return (f'<!doctype html><meta charset="utf-8"><title>省统一身份认证平台</title><h1>省统一身份认证平台</h1>'
                    f'<form method="post"><select name="user" id="op-user">{options}</select>'
                    f'<button type="submit" id="op-consent">同意并登录</button></form>')
        user = users.get(request.form.get("user", ""))
        return authorization.create_authorization_response(grant_user=user)

    @app.post("/token")
    def token():
        return authorization.create_token_response()

    logouts = []

    @app.get("/logout")
    def logout():
        from joserfc import jwt
        try:
            claims = jwt.decode(request.args.get("id_token_hint", ""), key).claims
        except Exception:
            return "id_token_hint is not ours", 400
        audience = claims.get("aud")
        if client.client_id not in (audience if isinstance(audience, list) else [audience]):
            return "id_token_hint is for another client", 400
        target = request.args.get("post_logout_redirect_uri", "")
        if not args.post_logout_uri or target != args.post_logout_uri:
            return "post_logout_redirect_uri is not registered", 400
        logouts.append(claims["sub"])
        return "", 302, {"Location": target}

    @app.get("/logouts")
    def logouts_list():
        return {"logouts": logouts}

    print(f"listening {server.server_port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
