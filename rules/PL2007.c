/*
** PL2007 inline-secret: a password, key or token written literally in
** a service's environment.  The compose file goes into version control
** and into 'docker compose config' output; the secret should come from
** an untracked .env ('${VAR}'), an env_file or Compose secrets.
** Three signs: a variable whose name says secret (PASSWORD, SECRET,
** TOKEN, API_KEY, …, but not *_FILE, *_LENGTH, *_EXPIRY …), a password
** inside a connection URL, or a value in a known token format (GitHub,
** Stripe, AWS, Slack, Google, OpenAI, PEM private keys).  A value made
** with a variable reference, an empty value, a boolean, a placeholder
** ("<YOUR-TOKEN>") and a path (/run/secrets/x, ./jwt.pem) are fine.  A
** value shared through an anchor is reported once, at its first use.
** Docs: rules/PL2007.md
*/
#include <string.h>

#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

/* Words that, at the end of a name's word, say it holds a secret: DB_PASSWORD, MYSQLPASSWORD, JWT_SECRET. */
static const char *const secret_suffixes[] = {"PASSWORD", "PASSWD", "PASSPHRASE", "SECRET", "TOKEN", "APIKEY",
                                              "PRIVATEKEY", "SECRETKEY", NULL};
/* Whole words that do: PG_PASS, DB_PWD. */
static const char *const secret_words[] = {"PASS", "PWD", "PW", NULL};
/* Words before KEY that make a secret key: API_KEY, PRIVATE_KEY, APP_KEY (ACCESS_KEY names, it does not hide). */
static const char *const key_words[] = {"API", "PRIVATE", "SECRET", "AUTH", "ENCRYPTION", "SIGNING", "MASTER",
                                        "APP", "CRYPT", NULL};
/* A last word that says the value is about the secret, not the secret. */
static const char *const not_secret[] = {
	"FILE", "PATH", "DIR", "DIRECTORY", "LENGTH", "LEN", "MIN", "MAX", "EXPIRY", "EXPIRE", "EXPIRES",
	"EXPIRATION", "TTL", "LIFETIME", "TIMEOUT", "AGE", "ENABLED", "ENABLE", "DISABLED", "DISABLE",
	"REQUIRED", "URL", "URI", "ENDPOINT", "HOST", "PORT", "NAME", "TYPE", "ALGORITHM", "ALG", "ISSUER",
	"AUDIENCE", "HEADER", "POLICY", "HASH", "HASHED", "MODE", "METHOD", "ID", "USER", "USERNAME",
	"LOCATION", "PROVIDER", "STORE", "BACKEND", "ROUNDS", "COST", "REGEX", "PATTERN", "FORMAT", NULL};

static const char *const booleans[] = {"true", "false", "yes", "no", "on", "off", "True", "False", "TRUE",
                                       "FALSE", "Yes", "No", "YES", "NO", NULL};

/* Last words that still name the secret itself: SECRET_KEY_BASE, PASSWORD_VALUE. */
static const char *const trailing[] = {"BASE", "VALUE", "PLAIN", "RAW", "STRING", "B64", "BASE64", NULL};

/*
** The name says its value is a secret: its last word (after any of
** 'trailing') is one (DB_PASSWORD, JWT_SECRET, ADMINPASSWORD), or its
** name ends in KEY after a word that makes it one (API_KEY,
** AWS_SECRET_ACCESS_KEY).  A secret word earlier in the
** name names a setting about secrets (SECRET_MAX_TEXT_SIZE, TOKEN_TTL).
*/
static bool secret_name(const char *name)
{
	char w[16][32];
	size_t n = pl_rk_compose_name_words(name, w, PL_ARRAY_LEN(w));
	if (n == 0 || pl_rk_in_list(w[n - 1], not_secret) || strcmp(name, "PWD") == 0)
		return false;
	while (n > 1 && pl_rk_in_list(w[n - 1], trailing))
		n--;
	if (n >= 2 && strcmp(w[n - 1], "KEY") == 0) {
		if (pl_rk_in_list(w[n - 2], key_words))
			return true;
		for (size_t i = 0; i + 1 < n; i++) /* AWS_SECRET_ACCESS_KEY */
			if (strcmp(w[i], "SECRET") == 0 || strcmp(w[i], "PRIVATE") == 0)
				return true;
	}
	for (const char *const *s = secret_suffixes; *s; s++)
		if (pl_str_ends(w[n - 1], *s))
			return true;
	return n > 1 && pl_rk_in_list(w[n - 1], secret_words);
}

/* Token formats whose look alone says "secret". */
static pl_rk_regex tokens = {
	"(?:\\b(?:sk|rk)_live_[0-9A-Za-z]{10,}"       /* Stripe */
	"|\\bgh[pousr]_[0-9A-Za-z]{30,}"               /* GitHub */
	"|\\bgithub_pat_[0-9A-Za-z_]{20,}"
	"|\\bglpat-[0-9A-Za-z_-]{20,}"                 /* GitLab */
	"|\\bxox[abprs]-[0-9A-Za-z-]{10,}"             /* Slack */
	"|\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b"             /* AWS access key id */
	"|\\bAIza[0-9A-Za-z_-]{35}"                    /* Google API key */
	"|\\bsk-(?:proj-)?[A-Za-z0-9_-]{20,}"          /* OpenAI */
	"|-----BEGIN [A-Z ]*PRIVATE KEY-----)",
	NULL, NULL};
#define TOKEN_MIN 15 /* the shortest text tokens matches ("xoxb-" and 10 more) */

/* A placeholder, not a value: "<YOUR-TOKEN>", "XXX-XXX", "****" (quotes written inside a list item dropped). */
static bool placeholder(const char *v)
{
	size_t n = strlen(v);
	if (n >= 2 && (v[0] == '\'' || v[0] == '"') && v[n - 1] == v[0]) {
		v++;
		n -= 2;
	}
	if (n >= 2 && v[0] == '<' && v[n - 1] == '>')
		return true;
	bool only_x = n > 0;
	for (size_t i = 0; i < n && only_x; i++)
		only_x = strchr("xX*-_.", v[i]) != NULL;
	return only_x;
}

/* Where a key or certificate file is: a path, or a name with a key file's extension. */
static bool key_file(const char *v)
{
	static const char *const exts[] = {".pem", ".key", ".crt", ".cer", ".p12", ".pfx", ".jks", ".der",
	                                   ".pub", ".asc", ".gpg", NULL};
	if ((v[0] == '/' || pl_str_starts(v, "./") || pl_str_starts(v, "~/")) && !strpbrk(v, " \t"))
		return true;
	const char *dot = strrchr(v, '.');
	for (const char *const *e = exts; dot && dot != v && *e; e++)
		if (pl_str_ieq(dot, *e))
			return true;
	return false;
}

/* name as a variable Compose can interpolate: anything but letters, digits and '_' becomes '_'. */
static const char *var_name(pl_arena *a, const char *name)
{
	char *s = pl_arena_strndup(a, name, strlen(name));
	for (char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')))
			*p = '_';
	if (*s >= '0' && *s <= '9')
		*s = '_';
	return s;
}

/* How to fix it (built only for a finding). */
static const char *fix_text(pl_arena *a, const pl_compose_kv *kv)
{
	return pl_arena_printf(a, "read it from a variable ('${%s}' set in an untracked .env), an env_file or "
	                          "a Compose secret",
	                       var_name(a, kv->name));
}

/* The value holds a variable reference: the secret comes from outside. */
static bool has_ref(const pl_compose_kv *kv)
{
	for (size_t i = 0; kv->val.interp && i < kv->val.interp->nvars; i++)
		if (kv->val.interp->vars[i].depth == 0)
			return true;
	return false;
}

/* Report at bytes [off, off+len) of the value when they can be placed, else at the whole value. */
static pl_diag *report_at(pl_ctx *ctx, const pl_compose_kv *kv, size_t off, size_t len, const char *msg)
{
	pl_span sp;
	if (pl_rk_compose_kv_span(kv, off, len, &sp))
		return pl_report_in(ctx, kv->val.at.src, sp, "%s", msg);
	return pl_report_compose(ctx, &kv->val.at, true, "%s", msg);
}

static void check(pl_ctx *ctx, const pl_compose_kv *kv)
{
	pl_arena *a = pl_ctx_arena(ctx);
	const char *v = kv->value, *raw = pl_rk_compose_kv_raw(kv);
	if (!v || !*v || !raw || pl_rk_in_list(v, booleans) || placeholder(v) || key_file(v))
		return;
	if (secret_name(kv->name)) {
		if (!has_ref(kv))
			report_at(ctx, kv, 0, strlen(raw),
			          pl_arena_printf(a, "secret '%s' is written in the compose file: %s", kv->name,
			                          fix_text(a, kv)));
		return;
	}
	pl_rk_db_conn conn;
	if (pl_rk_db_conn_parse(&conn, raw) && conn.has_password && conn.password.len &&
	    !memchr(raw + conn.password.off, '$', conn.password.len)) {
		report_at(ctx, kv, conn.password.off, conn.password.len,
		          pl_arena_printf(a, "the connection string in '%s' holds a password written in the "
		                             "compose file: put a variable in its place ('${DB_PASSWORD}' set in "
		                             "an untracked .env)",
		                          kv->name));
		return;
	}
	size_t vn = strlen(v);
	if (vn >= TOKEN_MIN && pl_rk_regex_match(&tokens, v, vn))
		report_at(ctx, kv, 0, strlen(raw),
		          pl_arena_printf(a, "'%s' holds what looks like an access token or private key: %s",
		                          kv->name, fix_text(a, kv)));
}

static void on_compose(pl_ctx *ctx, const pl_compose *c)
{
	pl_arena *a = pl_ctx_arena(ctx);
	pl_rk_map shared = {0}; /* values reached through an anchor: checked at their first use only */
	for (size_t i = 0; i < c->nservices; i++) {
		const pl_compose_service *s = &c->services[i];
		for (size_t k = 0; k < s->environment.n; k++) {
			const pl_compose_kv *kv = &s->environment.v[k];
			const pl_yaml_node *n = kv->val.at.node;
			if (kv->val.at.site && n && pl_rk_map_put(&shared, a, (const char *)&n, sizeof(n), (void *)n))
				continue; /* one secret written once is one finding, however many services merge it */
			check(ctx, kv);
		}
	}
}

const pl_rule pl_rule_PL2007 = {
	.id = "PL2007",
	.name = "inline-secret",
	.target = PL_TARGET_COMPOSE,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_SECURITY,
	.summary = "Keep passwords, keys and tokens out of the compose file",
	.on_compose = on_compose,
};
