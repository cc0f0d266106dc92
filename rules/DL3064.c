/*
** DL3064 secrets-in-arg-or-env: ARG and ENV values end up in the image
** (ENV in its configuration, ARG in the build history), where anyone who
** pulls it reads them.  A name looks sensitive when one of its
** words is a secret word (password, token, secret, key, auth, …), unless
** a word says it is not the secret itself (public, file, version, gpg,
** …).  BuildKit's SecretsUsedInArgOrEnv.
** Docs: rules/DL3064.md
*/
#include <string.h>

#include "plimsoll/rule.h"

/* Words that name a secret (BuildKit's list, plus "passphrase"). */
static const char *const secret_words[] = {
	"apikey", "auth", "credential", "credentials", "key", "passphrase", "password", "passwd",
	"pword", "secret", "token",
};
/*
** Words that say the value is not the secret itself: a file or path that
** holds it, a version, a public or GPG key (a fingerprint), a setting
** about it (AUTH_TYPE, PASSWORD_LENGTH).  BuildKit allows public, file
** and version; the others keep well-known non-secrets quiet (the python
** image's GPG_KEY is a fingerprint).
*/
static const char *const allow_words[] = {
	"public", "file", "version", "gpg", "pgp", "fingerprint", "path", "dir", "url", "name",
	"type", "mode", "method", "enabled", "disabled", "length",
};
/* Credential variables known by name whose words do not say so (from hadolint's list). */
static const char *const known_names[] = {"OKTA_OAUTH2_CLIENTSECRET"};

/*
** Some word of name is in words (ASCII case ignored).  Words are split at
** '_', '-', '.' and where a lowercase letter meets an uppercase one
** (apiKey -> api, Key).
*/
static bool has_word(const char *name, const char *const *words, size_t n)
{
	const char *p = name;
	while (*p) {
		while (*p == '_' || *p == '-' || *p == '.')
			p++;
		const char *w = p;
		while (*p && *p != '_' && *p != '-' && *p != '.' &&
		       !(p > w && p[-1] >= 'a' && p[-1] <= 'z' && *p >= 'A' && *p <= 'Z'))
			p++;
		if (p == w)
			continue;
		for (size_t i = 0; i < n; i++)
			if (pl_strn_ieq(w, (size_t)(p - w), words[i]))
				return true;
	}
	return false;
}

static bool sensitive(const char *name)
{
	if (has_word(name, allow_words, PL_ARRAY_LEN(allow_words)))
		return false;
	if (has_word(name, secret_words, PL_ARRAY_LEN(secret_words)))
		return true;
	for (size_t i = 0; i < PL_ARRAY_LEN(known_names); i++)
		if (pl_str_ieq(name, known_names[i]))
			return true;
	return false;
}

static void check(pl_ctx *ctx, const pl_df_instr *in)
{
	for (size_t i = 0; i < in->nkvs; i++) {
		const pl_df_kv *kv = &in->kvs[i];
		if (!sensitive(kv->key))
			continue;
		pl_report(ctx, kv->key_span,
		          "'%s' looks like a secret, and %s values stay readable in the image: "
		          "use a secret mount (RUN --mount=type=secret) instead",
		          kv->key, in->kind == PL_INSTR_ARG ? "ARG" : "ENV");
	}
}

static const char *const aliases[] = {"SecretsUsedInArgOrEnv", NULL};

const pl_rule pl_rule_DL3064 = {
	.id = "DL3064",
	.name = "secrets-in-arg-or-env",
	.aliases = aliases,
	.buildkit = true,
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_SECURITY,
	.summary = "Do not pass secrets in ARG or ENV",
	.on_instr = {[PL_INSTR_ARG] = check, [PL_INSTR_ENV] = check},
};
