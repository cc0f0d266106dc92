/*
** Variables official images define in their configuration (ENV), so
** that UndefinedVar (PL1107) does not report a variable the base image
** provides: `FROM python` then `ARG V=$PYTHON_VERSION` is fine.  BuildKit
** reads the real image from the registry; plimsoll works offline and
** knows this table instead.  PATH is not listed: BuildKit sets it in
** every stage.
**
** One line per repository as BuildKit normalizes it ("python" for
** python, library/python and docker.io/library/python).  Names are
** separated by blanks; a trailing '*' makes a prefix (PHP_* covers
** PHP_VERSION, PHP_INI_DIR, …).  An image listed with "" defines nothing
** but PATH.  Sources: the Dockerfiles of docker-library and of the
** images' publishers; variants (slim, alpine, windowsservercore) define
** the same names.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plimsoll/rulekit.h"

#define JAVA "JAVA_HOME JAVA_VERSION JAVA_BASE_URL JAVA_URL_VERSION JAVA_TOOL_OPTIONS LANG LANGUAGE LC_ALL "
#define PHP "PHPIZE_DEPS PHP_* GPG_KEYS APACHE_CONFDIR APACHE_ENVVARS "
#define ERLANG "OTP_* REBAR3_* REBAR_* LANG "
#define GOSU "GOSU_VERSION "

typedef struct image_env {
	const char *image; /* normalized repository */
	const char *vars;  /* blank-separated names; NAME* is a prefix */
} image_env;

/* Sorted by image (bsearch). */
static const image_env table[] = {
	{"alma", ""},
	{"almalinux", ""},
	{"alpine", ""},
	{"amazoncorretto", JAVA},
	{"amazonlinux", ""},
	{"archlinux", ""},
	{"bash", "_BASH_*"},
	{"buildpack-deps", ""},
	{"busybox", ""},
	{"caddy", "CADDY_VERSION XDG_CONFIG_HOME XDG_DATA_HOME"},
	{"centos", ""},
	{"clojure", JAVA "CLOJURE_* LEIN_*"},
	{"composer", PHP "COMPOSER_*"},
	{"debian", ""},
	{"docker", "DOCKER_* DIND_COMMIT"},
	{"eclipse-temurin", JAVA},
	{"elixir", ERLANG "ELIXIR_*"},
	{"erlang", ERLANG},
	{"fedora", "DISTTAG FGC FBR"},
	{"gcc", "GCC_* GPG_KEYS"},
	{"golang", "GOLANG_VERSION GOPATH GOTOOLCHAIN"},
	{"gradle", JAVA "GRADLE_*"},
	{"groovy", JAVA "GROOVY_*"},
	{"haproxy", "HAPROXY_*"},
	{"httpd", "HTTPD_*"},
	{"ibm-semeru-runtimes", JAVA},
	{"ibmjava", JAVA},
	{"jetty", JAVA "JETTY_* TMPDIR"},
	{"jruby", JAVA "JRUBY_* GEM_HOME BUNDLE_*"},
	{"julia", "JULIA_*"},
	{"mariadb", GOSU "LANG MARIADB_*"},
	{"maven", JAVA "MAVEN_*"},
	{"mcr.microsoft.com/dotnet/aspnet", "APP_UID ASPNETCORE_* ASPNET_VERSION DOTNET_*"},
	{"mcr.microsoft.com/dotnet/runtime", "APP_UID ASPNETCORE_* DOTNET_*"},
	{"mcr.microsoft.com/dotnet/runtime-deps", "APP_UID ASPNETCORE_* DOTNET_*"},
	{"mcr.microsoft.com/dotnet/sdk",
	 "APP_UID ASPNETCORE_* ASPNET_VERSION DOTNET_* NUGET_XMLDOC_MODE POWERSHELL_DISTRIBUTION_CHANNEL"},
	{"memcached", "MEMCACHED_*"},
	{"mongo", GOSU "JSYAML_* MONGO_* HOME GLIBC_TUNABLES"},
	{"mysql", GOSU "MYSQL_*"},
	{"nginx", "NGINX_VERSION NJS_* PKG_RELEASE DYNPKG_RELEASE ACME_VERSION"},
	{"node", "NODE_VERSION YARN_VERSION"},
	{"nvidia/cuda", "CUDA_* NV_* NVIDIA_* NCCL_* LD_LIBRARY_PATH LIBRARY_PATH"},
	{"openjdk", JAVA},
	{"opensuse/leap", ""},
	{"opensuse/tumbleweed", ""},
	{"oraclelinux", ""},
	{"photon", ""},
	{"php", PHP},
	{"postgres", GOSU "LANG PG_MAJOR PG_VERSION PG_SHA256 PGDATA DOCKER_PG_LLVM_DEPS"},
	{"pypy", "LANG PYPY_* PYTHON_*"},
	{"python", "LANG GPG_KEY PYTHON_*"},
	{"rabbitmq", ERLANG "OPENSSL_* RABBITMQ_* ERLANG_INSTALL_PATH_PREFIX HOME LANGUAGE LC_ALL"},
	{"redis", GOSU "REDIS_*"},
	{"rockylinux", ""},
	{"ruby", "LANG RUBY_* GEM_HOME BUNDLE_*"},
	{"rust", "RUSTUP_HOME CARGO_HOME RUST_VERSION"},
	{"sapmachine", JAVA},
	{"scratch", ""},
	{"swift", "SWIFT_*"},
	{"tomcat", JAVA "CATALINA_HOME TOMCAT_* LD_LIBRARY_PATH GPG_KEYS"},
	{"ubuntu", ""},
	{"wordpress", PHP "WORDPRESS_*"},
};

static int entry_cmp(const void *key, const void *elem)
{
	return strcmp((const char *)key, ((const image_env *)elem)->image);
}

/* The table entry of ref, or NULL. */
static const image_env *find(const pl_df_imageref *ref)
{
	if (!ref || ref->has_vars || !ref->path)
		return NULL;
	if (ref->scratch)
		return bsearch("scratch", table, PL_ARRAY_LEN(table), sizeof(table[0]), entry_cmp);
	char key[256];
	const char *r = ref->registry;
	bool hub = !r || strcmp(r, "docker.io") == 0 || strcmp(r, "index.docker.io") == 0 ||
	           strcmp(r, "registry-1.docker.io") == 0;
	const char *path = ref->path;
	if (hub && strncmp(path, "library/", 8) == 0)
		path += 8;
	int n = hub ? snprintf(key, sizeof(key), "%s", path) : snprintf(key, sizeof(key), "%s/%s", r, path);
	if (n < 0 || (size_t)n >= sizeof(key))
		return NULL;
	for (char *c = key; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c - 'A' + 'a');
	return bsearch(key, table, PL_ARRAY_LEN(table), sizeof(table[0]), entry_cmp);
}

pl_rk_env_knowledge pl_rk_image_env(const pl_df_imageref *ref)
{
	return find(ref) ? PL_RK_ENV_KNOWN : PL_RK_ENV_UNKNOWN;
}

bool pl_rk_image_env_has(const pl_df_imageref *ref, const char *s, size_t n)
{
	const image_env *e = find(ref);
	if (!e)
		return false;
	for (const char *p = e->vars; *p;) {
		while (*p == ' ')
			p++;
		const char *w = p;
		while (*p && *p != ' ')
			p++;
		size_t wn = (size_t)(p - w);
		if (!wn)
			break;
		if (w[wn - 1] == '*' ? n >= wn - 1 && memcmp(s, w, wn - 1) == 0
		                     : wn == n && memcmp(s, w, n) == 0)
			return true;
	}
	return false;
}

const char *const *pl_rk_image_env_names(pl_arena *a, const pl_df_imageref *ref, size_t *n)
{
	*n = 0;
	const image_env *e = find(ref);
	if (!e)
		return NULL;
	size_t cap = 1;
	for (const char *p = e->vars; *p; p++)
		cap += *p == ' ';
	const char **v = pl_arena_alloc(a, cap * sizeof(*v));
	for (const char *p = e->vars; *p;) {
		while (*p == ' ')
			p++;
		const char *w = p;
		while (*p && *p != ' ')
			p++;
		if (p > w && p[-1] != '*')
			v[(*n)++] = pl_arena_strndup(a, w, (size_t)(p - w));
	}
	return v;
}
