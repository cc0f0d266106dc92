/*
** PL1011 secret-file-copied: COPY/ADD of a file that holds secrets
** (.env, private keys, .npmrc, .pypirc, cloud credentials, ~/.ssh)
** writes it into an image layer, where anyone who can pull the image
** reads it, even if a later RUN deletes it.  Sources are matched by
** name; for `COPY .` and top-level globs, the files present at the top
** of the build context and not excluded by .dockerignore.  Secrets
** belong in RUN --mount=type=secret at build time, or in the
** environment or a volume at run time.  Docs: rules/PL1011.md
*/
#include <fnmatch.h>
#include <string.h>

#include "plimsoll/context.h"
#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

/* Templates of .env files, not secrets: .env.example, .env.sample … */
static const char *const env_templates[] = {"example", "sample", "template", "dist", "default",
                                            "defaults", "tpl", "schema"};

/* Folders that hold credentials. */
static const char *const secret_dirs[] = {".aws", ".ssh", ".gnupg"};

/* The file name (no folder) is a secret by its name. */
static bool secret_name(const char *name)
{
	/* Every secret name below starts with '.', 'c' or 'i' or ends in 'm' or 'y' (.pem,
	   .key): most names are none of these, and this runs for each name of the context. */
	size_t n = strlen(name);
	if (name[0] != '.' && name[0] != 'c' && name[0] != 'i' && (!n || (name[n - 1] != 'm' && name[n - 1] != 'y')))
		return false;
	if (strcmp(name, ".env") == 0)
		return true;
	if (pl_str_starts(name, ".env.")) {
		for (size_t i = 0; i < PL_ARRAY_LEN(env_templates); i++)
			if (strcmp(name + 5, env_templates[i]) == 0)
				return false;
		return true;
	}
	if (pl_str_ends(name, ".pub"))
		return false; /* a public key */
	if (pl_str_starts(name, "credentials")) {
		/* credentials.json, but not the code that reads them (credentials.py) */
		static const char *const code[] = {".py", ".js", ".mjs", ".cjs", ".ts", ".go", ".rb",
		                                   ".java", ".kt", ".php", ".rs", ".cs", ".sh"};
		for (size_t i = 0; i < PL_ARRAY_LEN(code); i++)
			if (pl_str_ends(name, code[i]))
				return false;
	}
	/* The globs *.pem *.key id_rsa* id_dsa* id_ecdsa* id_ed25519* credentials* and
	   names, matched without fnmatch: this runs for every name of a `COPY .` context. */
	static const char *const suffixes[] = {".pem", ".key"};
	static const char *const prefixes[] = {"id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", "credentials"};
	static const char *const names[] = {".npmrc", ".pypirc", ".netrc", ".git-credentials"};
	for (size_t i = 0; i < PL_ARRAY_LEN(suffixes); i++)
		if (pl_str_ends(name, suffixes[i]))
			return true;
	for (size_t i = 0; i < PL_ARRAY_LEN(prefixes); i++)
		if (pl_str_starts(name, prefixes[i]))
			return true;
	for (size_t i = 0; i < PL_ARRAY_LEN(names); i++)
		if (strcmp(name, names[i]) == 0)
			return true;
	for (size_t i = 0; i < PL_ARRAY_LEN(secret_dirs); i++)
		if (strcmp(name, secret_dirs[i]) == 0)
			return true;
	return false;
}

/*
** A .pem that is a certificate, not a key: its name says so (cert, chain,
** bundle, ca) without saying key, or it goes to a CA store.
*/
static bool certificate(const char *name, const char *dest)
{
	if (!pl_str_ends(name, ".pem"))
		return false;
	if (dest && (strstr(dest, "ca-certificates") || strstr(dest, "/ssl/certs") ||
	             strstr(dest, "ca-trust") || strstr(dest, "/certs/")))
		return true;
	if (strstr(name, "key") || strstr(name, "priv"))
		return false;
	return strstr(name, "cert") || strstr(name, "chain") || strstr(name, "bundle") ||
	       pl_str_starts(name, "ca.") || pl_str_starts(name, "ca-") || pl_str_starts(name, "ca_");
}

/* A source path names a secret: its file name, or a folder on the way (.ssh/, .aws/). */
static bool secret_path(pl_arena *a, const char *path, const char *dest)
{
	const char *p = path;
	while (*p) {
		size_t n = strcspn(p, "/");
		const char *part = pl_arena_strndup(a, p, n);
		bool last = p[n] == '\0' || p[n + 1] == '\0';
		for (size_t i = 0; i < PL_ARRAY_LEN(secret_dirs); i++)
			if (strcmp(part, secret_dirs[i]) == 0)
				return true;
		if (last)
			return secret_name(part) && !certificate(part, dest);
		p += n + 1;
	}
	return false;
}

static bool has_glob(const char *s)
{
	return strpbrk(s, "*?[") != NULL;
}

static void on_copy(pl_ctx *ctx, const pl_df_instr *in)
{
	if (in->parent || pl_df_flag_find(in, "from"))
		return;
	pl_arena *a = pl_ctx_arena(ctx);
	const char *dest = in->as.copy.dest.value;
	for (size_t i = 0; i < in->as.copy.nsrcs; i++) {
		const pl_df_word *w = &in->as.copy.srcs[i];
		const char *src = w->value;
		if (pl_rk_is_url(src) || pl_str_starts(src, "<<") || strchr(src, '$'))
			continue;
		const char *rel = pl_str_starts(src, "./") ? src + 2 : src;
		bool whole = pl_rk_is_whole_context(src);
		if (!whole && !(has_glob(rel) && !strchr(rel, '/'))) {
			if (secret_path(a, rel, dest))
				pl_report(ctx, w->span,
				          "'%s' holds secrets and %s writes it into a layer that anyone who pulls "
				          "the image can read: use 'RUN --mount=type=secret' to build with it, or "
				          "pass it at run time",
				          src, pl_instr_keyword(in->kind));
			continue;
		}
		/* the whole context or a top-level glob: the matching names that are there */
		const pl_build_context *bc = pl_ctx_build_context(ctx);
		if (!bc || !bc->listed)
			continue;
		PL_VEC(char) names = {0};
		size_t count = 0;
		for (size_t k = 0; k < bc->nentries; k++) {
			const char *e = bc->entries[k];
			if (!whole && fnmatch(rel, e, 0) != 0)
				continue;
			if (!secret_name(e) || certificate(e, dest) || pl_context_ignored(bc, e))
				continue;
			const char *q = pl_arena_printf(a, "%s'%s'", count++ ? ", " : "", e);
			for (; *q; q++)
				*PL_VEC_PUSH(a, &names) = *q;
		}
		if (!count)
			continue;
		*PL_VEC_PUSH(a, &names) = '\0';
		pl_report(ctx, w->span,
		          "'%s %s' copies %s from the build context into the image, where anyone who "
		          "pulls it can read %s: exclude %s in .dockerignore",
		          pl_instr_keyword(in->kind), src, names.v, count > 1 ? "them" : "it",
		          count > 1 ? "them" : "it");
	}
}

const pl_rule pl_rule_PL1011 = {
	.id = "PL1011",
	.name = "secret-file-copied",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_ERROR,
	.category = PL_CAT_SECURITY,
	.summary = "Do not COPY or ADD files that hold secrets into the image",
	.on_instr = {[PL_INSTR_COPY] = on_copy, [PL_INSTR_ADD] = on_copy},
};
