/*
** The Compose front end: a typed model of a Compose project over the
** YAML node tree, built as Docker Compose (compose-go) builds it, with
** every element pointing back at the text it came from.
**
**     pl_compose c;
**     pl_compose_opts o = {0};                 // .env beside the file, no process environment
**     pl_compose_load(&c, arena, &src, &o);    // never fails on bad input
**     for (size_t i = 0; i < c.nproblems; i++) // PL0002/PL0003/PL0004 material
**         ...
**     const pl_compose_service *web = pl_compose_service_find(&c, "web");
**     if (web && web->image.str) ...           // the interpolated image
**
** Everything lives in the arena; nothing needs freeing.
**
** Loading.  The given file, then opts->files (the -f overrides), each
** document with a body a layer of its own, merged left to right with
** the Compose merge rules (mappings merged key by key, most sequences
** appended and then made unique by their key, command/entrypoint/
** healthcheck.test replaced, '!reset' and '!override' honoured).  A
** file's 'include' entries are loaded as projects of their own (their
** env_file or .env) and merged before the including file, so it wins.
** 'extends' is resolved per service, across files, before the merge.
** Missing files and cycles are problems, never failures; remote
** references (oci://, https://, git@…) are Compose's to fetch and are
** skipped.
**
** Interpolation follows compose-go's template package: $V ${V} ${V:-d}
** ${V-d} ${V:?e} ${V?e} ${V:+a} ${V+a}, '$$' for a dollar, nested
** ${A:-${B}} in arguments.  Variables come from the .env file beside
** the first compose file (or opts->env_files instead), never from the
** process environment unless opts->process_env is set (it then wins,
** as in Compose): the same files give the same findings everywhere.
** Each scalar keeps its raw and interpolated text; c->interps lists
** every scalar holding a '$' with the variables it references.
**
** Checks.  Every layer is checked before merging, so each problem lands
** in the file that holds the text: YAML problems (PL0002), the Compose
** Specification's JSON schema after interpolation and Compose's type
** casts, plus Go durations and restart policies (PL0003), and the
** short syntax of ports and volumes (PL0004).  Values whose
** interpolation uses an unset variable are not checked further.
**
** Locations.  A node's source is its layer's file; a node reached
** through an alias or a merge key '<<' also records the use site, where
** a diagnostic should land (with a note at the definition).  Relative
** paths in the model are relative to the folder of loc.src, or for an
** included file to its project directory (pl_compose_file_of()).
*/
#ifndef PLIMSOLL_COMPOSE_H
#define PLIMSOLL_COMPOSE_H

#include "plimsoll/yaml.h"

/* ------------------------------------------------------------------ */
/* Options.                                                             */

/*
** Read path into a malloc'd buffer (the loader frees it); 0, or -1 with
** a static message in *err.  The default reads the file system.
*/
typedef int (*pl_compose_read_fn)(void *ud, const char *path, size_t limit, char **out,
                                  size_t *len, const char **err);

typedef struct pl_compose_opts {
	const char *const *files;     /* override files merged over the main one, in order (-f b.yml) */
	size_t nfiles;                /* entries in files */
	const char *const *env_files; /* --env-file, in order (later wins); NULL: '.env' beside the main file */
	size_t nenv_files;            /* entries in env_files */
	bool process_env;             /* also read the process environment; it wins over env files */
	size_t max_file_size;         /* refuse referenced files larger than this; 0: 10 MiB */
	pl_compose_read_fn read;      /* NULL: read the file system */
	void *read_ud;                /* passed to read */
} pl_compose_opts;

/* ------------------------------------------------------------------ */
/* Locations and values.                                                */

/* Where a model element is written. */
typedef struct pl_compose_loc {
	const pl_source *src;     /* the file holding the text; NULL when the element is absent */
	const pl_yaml_node *key;  /* the mapping key that names the element; NULL for a list item, a root, or absent */
	const pl_yaml_node *node; /* the value (for a list item, the item); NULL when absent */
	const pl_yaml_node *site; /* when reached through an alias or a '<<' merge: the use site ('*x')
	                             in the walked text, where diagnostics go; else NULL */
} pl_compose_loc;

/* Where a diagnostic about the element goes: the use site, else the key, else the value. */
pl_span pl_compose_span(const pl_compose_loc *at);
/* Where a diagnostic about the element's value goes: the use site, else the value. */
pl_span pl_compose_value_span(const pl_compose_loc *at);

/* How a variable reference reads, by its operator. */
typedef enum pl_compose_op {
	PL_COMPOSE_OP_PLAIN,         /* $V or ${V} */
	PL_COMPOSE_OP_DEFAULT,       /* ${V:-d}: d when V is unset or empty */
	PL_COMPOSE_OP_DEFAULT_UNSET, /* ${V-d}: d when V is unset */
	PL_COMPOSE_OP_REQUIRED,      /* ${V:?e}: an error when V is unset or empty */
	PL_COMPOSE_OP_REQUIRED_UNSET,/* ${V?e}: an error when V is unset */
	PL_COMPOSE_OP_ALT,           /* ${V:+a}: a when V is set and not empty, else '' */
	PL_COMPOSE_OP_ALT_SET,       /* ${V+a}: a when V is set, else '' */
} pl_compose_op;

/* One variable reference in a scalar. */
typedef struct pl_compose_var {
	const char *name;    /* the variable */
	pl_span span;        /* the reference ('$V', '${V:-d}') in the file; the whole scalar when its
	                        text cannot be mapped byte for byte (escapes, folding, block scalars) */
	pl_compose_op op;    /* its operator */
	const char *arg;     /* the default, message or alternative as written; NULL for PLAIN */
	bool set;            /* the variable is defined (maybe empty) */
	bool empty;          /* it is defined as '' */
	bool used;           /* its value reaches the result (false inside an argument that is not used) */
	bool failed;         /* a ':?' or '?' reference whose variable has no acceptable value */
	unsigned depth;      /* 0 at the top, 1 inside another reference's argument, … */
} pl_compose_var;

/* The interpolation of one scalar that holds a '$'. */
typedef struct pl_compose_interp {
	const pl_source *src;       /* the file */
	const pl_yaml_node *node;   /* the scalar (its definition when it sits under an anchor) */
	const char *raw;            /* the scalar as YAML decoded it */
	const char *value;          /* the result (the raw text when malformed; '' for a failed ':?') */
	pl_compose_var *vars;       /* every reference, in text order, nested ones included */
	size_t nvars;               /* entries in vars */
	bool malformed;             /* an invalid '$' sequence ('${', '$1', '${V:x}'): Compose refuses it */
	pl_span bad;                /* where the invalid sequence starts (len 0 when not mapped), if malformed */
	const char *error;          /* malformed: what is wrong; failed required: its message; else NULL */
	bool uncertain;             /* the result depends on an unset variable, or failed (see vars) */
} pl_compose_interp;

/*
** A scalar value of the model.  Absent values have at.node == NULL and
** raw == str == NULL.  A collection where a scalar is expected keeps its
** location, with type PL_YAML_TYPE_NONE.
*/
typedef struct pl_compose_val {
	pl_compose_loc at;                /* where it is written */
	const char *raw;                  /* as YAML decoded it; NULL when absent or not a scalar */
	const char *str;                  /* after interpolation ('$$' -> '$'); equals raw without '$' */
	pl_yaml_type type;                /* after interpolation and Compose's cast for the key; NONE when absent */
	union {
		bool b;                       /* type BOOL */
		long long i;                  /* type INT */
		double f;                     /* type FLOAT */
	};
	const pl_compose_interp *interp;  /* NULL when the scalar holds no '$' */
} pl_compose_val;

/* A list of scalars. */
typedef struct pl_compose_vals {
	pl_compose_val *v; /* the items, in order */
	size_t n;          /* how many */
} pl_compose_vals;

/* One entry of a "list or mapping" key: environment, labels, build args, sysctls, annotations. */
typedef struct pl_compose_kv {
	pl_compose_loc at;   /* the list item 'K=V', or the mapping entry (key K, node V) */
	const char *name;    /* K */
	const char *value;   /* V after interpolation; NULL when unset ('- K', 'K:', 'K: null') */
	pl_compose_val val;  /* the value scalar (mapping form), or the whole item (list form) */
	bool list_form;      /* written as a list item */
} pl_compose_kv;

typedef struct pl_compose_kvs {
	pl_compose_kv *v;  /* the entries, in order (a name may repeat in a list) */
	size_t n;          /* how many */
} pl_compose_kvs;

/* command, entrypoint, healthcheck.test: a string, a list, or null. */
typedef struct pl_compose_cmd {
	pl_compose_loc at;     /* the value; at.node == NULL when absent */
	bool is_list;          /* exec form: a list of words (items) */
	bool is_null;          /* written as null: reset to the image's */
	pl_compose_val str;    /* the string form */
	pl_compose_vals items; /* the list form */
} pl_compose_cmd;

/* ------------------------------------------------------------------ */
/* Services.                                                            */

typedef struct pl_compose_build {
	pl_compose_loc at;          /* the 'build' value; at.node == NULL when absent */
	bool short_form;            /* 'build: ./dir' */
	pl_compose_val context;     /* the string form is the context */
	pl_compose_val dockerfile;      /* relative to the context */
	pl_compose_val dockerfile_inline; /* the Dockerfile's text, written in the compose file */
	pl_compose_val target;          /* the stage to build */
	pl_compose_val network;         /* the network for RUN instructions */
	pl_compose_kvs args;            /* build arguments */
	pl_compose_kvs labels;          /* image labels */
	pl_compose_vals cache_from;     /* cache sources */
	pl_compose_vals tags;           /* extra image tags */
	pl_compose_vals platforms;      /* target platforms */
} pl_compose_build;

struct pl_compose_service;

typedef struct pl_compose_dep {
	pl_compose_loc at;            /* short: the list item; long: key = the service name, node = its mapping */
	const char *service;          /* the service depended on */
	bool long_form;               /* written as a mapping */
	const char *condition;        /* service_started (default), service_healthy, service_completed_successfully */
	bool required;                /* default true */
	bool restart;                 /* default false */
	pl_compose_val condition_val; /* the written values (absent when defaulted) */
	pl_compose_val required_val;    /* 'required:' */
	pl_compose_val restart_val;     /* 'restart:' */
	const struct pl_compose_service *target; /* the service, or NULL when it is not defined */
} pl_compose_dep;

/* A published port, from "[[ip:]published:]target[/proto]" or the long syntax. */
typedef struct pl_compose_port {
	pl_compose_loc at;        /* the list item */
	bool long_form;           /* written as a mapping */
	bool ok;                  /* parsed (a malformed short syntax is a PL0004 problem, ok false) */
	const char *host_ip;      /* without brackets; "" when absent */
	bool has_published;       /* a host port (or range) is given */
	unsigned published_lo;    /* host port range; lo == hi for one port */
	unsigned published_hi;          /* (published_lo..hi) */
	unsigned target_lo;       /* container port range */
	unsigned target_hi;             /* (target_lo..hi) */
	const char *protocol;     /* tcp (default), udp, sctp */
	const char *mode;         /* long syntax 'mode' (host, ingress), else NULL */
	const char *name;         /* long syntax 'name', else NULL */
	pl_compose_val value;     /* the short syntax scalar (absent for the long form) */
	pl_compose_val target;    /* long syntax values (absent for the short form) */
	pl_compose_val published;       /* 'published:' (a port or a range, as written) */
	pl_compose_val host_ip_val;     /* 'host_ip:' */
	pl_compose_val protocol_val;    /* 'protocol:' */
} pl_compose_port;

typedef enum pl_compose_mount {
	PL_COMPOSE_MOUNT_VOLUME,  /* a named or anonymous volume */
	PL_COMPOSE_MOUNT_BIND,    /* a host path ('.', '/', '~' or a drive letter) */
	PL_COMPOSE_MOUNT_TMPFS,
	PL_COMPOSE_MOUNT_NPIPE,
	PL_COMPOSE_MOUNT_CLUSTER,
	PL_COMPOSE_MOUNT_IMAGE,
	PL_COMPOSE_MOUNT_OTHER,   /* a type Compose does not know (a schema problem) */
} pl_compose_mount;

/* A mount, from "[source:]target[:options]" or the long syntax. */
typedef struct pl_compose_volume {
	pl_compose_loc at;        /* the list item */
	bool long_form;           /* written as a mapping */
	bool ok;                  /* parsed (a malformed short syntax is a PL0004 problem, ok false) */
	pl_compose_mount type;          /* from the long syntax's 'type', or the short syntax's source */
	const char *source;       /* NULL for an anonymous volume (and tmpfs); read from the written
	                             text ("${DATA}") when an unset variable left it empty */
	const char *target;       /* the path in the container */
	bool read_only;           /* ':ro' or read_only: true */
	const char *options;      /* short syntax options as written ('ro,z'), else NULL */
	bool nocopy;              /* ':nocopy' or volume.nocopy */
	const char *propagation;  /* bind propagation, or NULL */
	const char *selinux;      /* 'z' or 'Z', or NULL */
	pl_compose_val value;     /* the short syntax scalar (absent for the long form) */
	pl_compose_val type_val;  /* long syntax values (absent for the short form) */
	pl_compose_val source_val;      /* 'source:' */
	pl_compose_val target_val;      /* 'target:' */
	pl_compose_val read_only_val;   /* 'read_only:' */
} pl_compose_volume;

typedef struct pl_compose_healthcheck {
	pl_compose_loc at;          /* the 'healthcheck' value; at.node == NULL when absent */
	pl_compose_cmd test;        /* a string (as CMD-SHELL) or a list whose first word is NONE, CMD or CMD-SHELL */
	pl_compose_val interval;    /* Go durations as written */
	pl_compose_val timeout;     /* a Go duration */
	pl_compose_val start_period; /* a Go duration */
	pl_compose_val start_interval; /* a Go duration */
	pl_compose_val retries;         /* an integer after Compose's cast */
	pl_compose_val disable;         /* a boolean after Compose's cast */
	bool disabled;              /* disable: true, or test: [NONE] */
} pl_compose_healthcheck;

/* A network the service joins. */
typedef struct pl_compose_svc_net {
	pl_compose_loc at;           /* list item, or the mapping entry (key = name) */
	const char *name;               /* the network (a top-level key, or 'default') */
	pl_compose_vals aliases;        /* other names of the service on it */
	pl_compose_val ipv4_address;    /* static addresses */
	pl_compose_val ipv6_address; /* a static address */
	pl_compose_val priority;        /* the order networks are connected in */
} pl_compose_svc_net;

/* A secret or config the service uses, short ("name") or long syntax. */
typedef struct pl_compose_use {
	pl_compose_loc at;   /* the list item */
	bool long_form;                 /* written as a mapping */
	const char *source;  /* the top-level secret or config */
	pl_compose_val target;          /* long syntax values (absent for the short form) */
	pl_compose_val uid;     /* owner in the container */
	pl_compose_val gid;     /* group in the container */
	pl_compose_val mode;    /* permissions (an octal number) */
} pl_compose_use;

typedef struct pl_compose_env_file {
	pl_compose_loc at;   /* the list item, or the string value */
	pl_compose_val path;            /* the file, relative to the compose file's folder */
	bool required;       /* default true */
	pl_compose_val format;          /* 'format:' (raw, or absent for dotenv) */
} pl_compose_env_file;

typedef struct pl_compose_extends {
	pl_compose_loc at;             /* the 'extends' value; at.node == NULL when absent */
	pl_compose_val service;        /* the string form is the service */
	pl_compose_val file;           /* absent: the same file */
} pl_compose_extends;

typedef struct pl_compose_watch {
	pl_compose_loc at;      /* the list item */
	pl_compose_val path;            /* the host path watched */
	pl_compose_val action;          /* rebuild, sync, restart, sync+restart, sync+exec */
	pl_compose_val target;          /* the container path (sync actions) */
	pl_compose_vals ignore;         /* patterns not watched */
} pl_compose_watch;

/* A key of a mapping kept with its nodes: unknown keys and x-* extensions. */
typedef struct pl_compose_entry {
	const char *name;    /* the key */
	pl_compose_loc at;   /* key and value */
} pl_compose_entry;

typedef struct pl_compose_entries {
	pl_compose_entry *v; /* the keys, in order */
	size_t n;            /* how many */
} pl_compose_entries;

typedef struct pl_compose_service {
	const char *name;              /* its key under 'services' */
	pl_compose_loc at;             /* key = the name, node = the service mapping (after merging) */
	size_t index;                  /* position in c->services */
	/* The keys the rules read, each in every form Compose takes; a field
	   named after a key holds that key (at.node == NULL, or n == 0, when
	   absent).  Anything else is in the mapping, at.node. */
	pl_compose_build build;        /* 'build' (short: the context) */
	pl_compose_val image;
	pl_compose_cmd command;
	pl_compose_cmd entrypoint;
	struct { pl_compose_dep *v; size_t n; } depends_on;   /* short (a list) or long (a mapping) */
	pl_compose_kvs environment;    /* list or mapping; value NULL when unset ('- FOO') */
	struct { pl_compose_env_file *v; size_t n; } env_file;  /* a string, or a list of paths or mappings */
	struct { pl_compose_port *v; size_t n; } ports;       /* short and long syntax */
	pl_compose_vals expose;        /* port[-port][/proto] (numbers keep their type) */
	struct { pl_compose_volume *v; size_t n; } volumes;   /* short and long syntax */
	pl_compose_vals volumes_from;  /* service[:ro|rw] or container:name */
	pl_compose_healthcheck healthcheck;
	pl_compose_val restart;        /* no, always, on-failure[:N], unless-stopped */
	pl_compose_val container_name;
	pl_compose_val hostname;
	pl_compose_val domainname;
	pl_compose_val user;           /* user[:group], a string */
	pl_compose_val working_dir;
	pl_compose_val network_mode;   /* bridge, host, none, service:x, container:x */
	pl_compose_val pull_policy;
	pl_compose_val platform;
	pl_compose_val stop_signal;
	pl_compose_val stop_grace_period; /* a Go duration */
	pl_compose_val privileged;     /* booleans after Compose's cast ("true", "yes") */
	pl_compose_val read_only;
	pl_compose_val init;
	pl_compose_val tty;
	pl_compose_val stdin_open;
	pl_compose_val mem_limit;      /* a byte size as written ("512m", or a number) */
	pl_compose_val cpus;           /* a number after Compose's cast */
	pl_compose_val pid;            /* host, or service:x */
	pl_compose_val ipc;
	pl_compose_val userns_mode;
	pl_compose_val shm_size;       /* a byte size as written */
	pl_compose_val scale;          /* an integer after Compose's cast */
	struct { pl_compose_svc_net *v; size_t n; } networks; /* a list of names or a mapping */
	struct { pl_compose_use *v; size_t n; } secrets;      /* short (a name) or long syntax */
	struct { pl_compose_use *v; size_t n; } configs;      /* short (a name) or long syntax */
	pl_compose_kvs labels;         /* list or mapping */
	pl_compose_kvs annotations;    /* list or mapping */
	pl_compose_kvs sysctls;        /* list or mapping */
	pl_compose_vals profiles;
	pl_compose_vals cap_add;
	pl_compose_vals cap_drop;
	pl_compose_vals security_opt;
	pl_compose_vals devices;        /* short syntax entries (long ones keep their node in the list item) */
	pl_compose_vals dns;            /* a string or a list */
	pl_compose_vals tmpfs;          /* a string or a list */
	pl_compose_vals extra_hosts;    /* 'host:ip' or 'host=ip' (a mapping is read as 'host=ip') */
	pl_compose_vals links;          /* service[:alias] */
	pl_compose_extends extends;     /* as written: the service above is already extended */
	pl_compose_loc deploy;          /* the raw 'deploy' mapping; typed parts below */
	pl_compose_val deploy_replicas; /* deploy.replicas, an integer after the cast */
	pl_compose_val deploy_mode;     /* deploy.mode */
	pl_compose_val deploy_cpus_limit;   /* deploy.resources.limits.cpus, a number after the cast */
	pl_compose_val deploy_memory_limit; /* deploy.resources.limits.memory */
	pl_compose_val deploy_restart_condition; /* deploy.restart_policy.condition */
	pl_compose_loc develop;         /* the raw 'develop' mapping */
	struct { pl_compose_watch *v; size_t n; } watch;      /* develop.watch */
	pl_compose_loc logging;         /* the raw 'logging' mapping */
	pl_compose_val logging_driver;  /* logging.driver */
	pl_compose_loc ulimits;         /* the raw 'ulimits' mapping */
	pl_compose_entries extensions;  /* x-* keys */
	pl_compose_entries unknown;     /* keys the specification does not know (PL0003 reports them) */
} pl_compose_service;

/* ------------------------------------------------------------------ */
/* Top-level resources.                                                 */

typedef enum pl_compose_kind {
	PL_COMPOSE_NETWORK,
	PL_COMPOSE_VOLUME,
	PL_COMPOSE_SECRET,
	PL_COMPOSE_CONFIG,
	PL_COMPOSE_MODEL,
	PL_COMPOSE__NKINDS,
} pl_compose_kind;

/* A network, volume, secret, config or model declared at the top level. */
typedef struct pl_compose_resource {
	pl_compose_kind kind;       /* which top-level mapping it is in */
	const char *name;           /* its key */
	pl_compose_loc at;          /* key = the name, node = its mapping (or null) */
	pl_compose_val real_name;   /* 'name:' */
	pl_compose_val driver;      /* 'driver:' */
	pl_compose_val external;    /* true, or a mapping (old 'external: {name: …}') */
	bool is_external;           /* external: true or a mapping */
	pl_compose_val file;        /* secrets, configs */
	pl_compose_val environment; /* secrets, configs */
	pl_compose_val content;     /* configs */
	pl_compose_val model;       /* models */
	pl_compose_kvs labels;      /* 'labels:', list or mapping */
	pl_compose_entries extensions; /* x-* keys */
} pl_compose_resource;

typedef struct pl_compose_include {
	pl_compose_loc at;          /* the list item */
	pl_compose_vals path;       /* one or more files, merged */
	pl_compose_vals env_file;   /* its variables (default: .env in its project directory) */
	pl_compose_val project_directory; /* where its relative paths start (default: its folder) */
} pl_compose_include;

struct pl_compose__env;

/* A file the project was read from. */
typedef struct pl_compose_file {
	const pl_source *src;       /* its text */
	const char *dir;            /* the folder relative paths in it resolve against ("" for the current one) */
	pl_yaml yaml;               /* its documents (empty for a .env file) */
	bool is_env;                /* a .env file read for variables, not a compose file */
	bool included;              /* read through 'include' */
	bool extended;              /* read through 'extends' */
	const struct pl_compose__env *env; /* the variables its scalars see (private) */
} pl_compose_file;

/* ------------------------------------------------------------------ */
/* Problems: what PL0002, PL0003 and PL0004 report.                     */

typedef enum pl_compose_problem_kind {
	PL_COMPOSE_PROBLEM_YAML,   /* not YAML, or breaks YAML's rules (PL0002) */
	PL_COMPOSE_PROBLEM_SCHEMA, /* breaks the Compose Specification, or a file cannot be loaded (PL0003) */
	PL_COMPOSE_PROBLEM_SYNTAX, /* a malformed port or volume (PL0004) */
} pl_compose_problem_kind;

typedef struct pl_compose_note {
	const pl_source *src; /* the file of the related place */
	pl_span span;         /* the related place */
	const char *text;     /* what it is ("defined here") */
} pl_compose_note;

typedef struct pl_compose_problem {
	pl_compose_problem_kind kind; /* which rule reports it */
	const pl_source *src;  /* the file the problem is in */
	pl_span span;          /* the exact key or value */
	const char *message;   /* lowercase, no trailing period */
	pl_compose_note notes[2]; /* related places; text NULL when unused */
} pl_compose_problem;

/* ------------------------------------------------------------------ */
/* The project.                                                         */

struct pl_compose__index;

typedef struct pl_compose {
	const pl_source *src;          /* the main file */
	pl_compose_file **files;       /* every file read, the main one first, then in reading order */
	size_t nfiles;                 /* entries in files */
	const pl_yaml_node *root;      /* the merged tree (NULL when no layer had a mapping) */
	pl_compose_val name;           /* 'name:' */
	pl_compose_val version;        /* 'version:' (obsolete) */
	pl_compose_service *services;  /* in the order of the merged mapping */
	size_t nservices;              /* entries in services */
	pl_compose_resource *resources[PL_COMPOSE__NKINDS]; /* networks, volumes, secrets, configs, models */
	size_t nresources[PL_COMPOSE__NKINDS]; /* entries in resources[k] */
	pl_compose_include *include;   /* the main file's include entries (the included files' own are not here) */
	size_t ninclude;               /* entries in include */
	pl_compose_entries extensions; /* top-level x-* keys */
	pl_compose_interp **interps;   /* every scalar holding a '$', each once, in reading order */
	size_t ninterps;               /* entries in interps */
	pl_compose_problem *problems;  /* in the order found */
	size_t nproblems;              /* entries in problems */
	struct pl_compose__index *index; /* by-name lookups (private) */
} pl_compose;

/*
** Load the project whose main file is src (already read; it must
** outlive the arena's use) and build the model.  Never fails on bad
** input: problems are recorded in c->problems.  opts may be NULL.
*/
void pl_compose_load(pl_compose *c, pl_arena *arena, const pl_source *src,
                     const pl_compose_opts *opts);

/* The service called name, or NULL.  O(1). */
const pl_compose_service *pl_compose_service_find(const pl_compose *c, const char *name);
/* The top-level resource of kind called name, or NULL.  O(1). */
const pl_compose_resource *pl_compose_resource_find(const pl_compose *c, pl_compose_kind kind,
                                                    const char *name);
/* The file record of src, or NULL. */
const pl_compose_file *pl_compose_file_of(const pl_compose *c, const pl_source *src);
/* The interpolation of the scalar n (or of its definition), or NULL. */
const pl_compose_interp *pl_compose_interp_of(const pl_compose *c, const pl_yaml_node *n);
/* "network", "volume", "secret", "config", "model". */
const char *pl_compose_kind_name(pl_compose_kind k);

/* ------------------------------------------------------------------ */
/* Parsers of Compose's small languages (pure; also used by rules).     */

/* "[[ip:]published:]target[/proto]", as Docker's nat.ParsePortSpec reads it. */
typedef struct pl_compose_port_spec {
	size_t ip_off, ip_len;    /* the host IP in the text, brackets stripped (len 0: none) */
	bool has_published;       /* a host port or range is given */
	unsigned published_lo, published_hi; /* the host ports (valid when has_published) */
	unsigned target_lo, target_hi;       /* the container ports */
	size_t proto_off, proto_len; /* the protocol in the text (len 0: tcp by default) */
	const char *error;        /* NULL when valid, else what is wrong (static text) */
	const char *hint;         /* "" or a static " (expected …)" to follow the offending part */
	size_t err_off, err_len;  /* the offending part of the text (len 0: none), when error */
} pl_compose_port_spec;

/* Parse s[0..len); returns 0, or -1 with out->error set. */
int pl_compose_parse_port(const char *s, size_t len, pl_compose_port_spec *out);

/* "[source:]target[:options]", as compose-go's format.ParseVolume reads it. */
typedef struct pl_compose_volume_spec {
	size_t src_off, src_len;  /* source (len 0: anonymous) */
	size_t dst_off, dst_len;  /* target */
	size_t opt_off, opt_len;  /* options (len 0: none) */
	bool bind;                /* the source is a path: a bind mount */
	const char *error;        /* NULL when valid, else what is wrong (static text) */
	const char *hint;         /* "" or a static " (expected …)" to follow the offending part */
	size_t err_off, err_len;  /* the offending part (len 0: none), when error */
} pl_compose_volume_spec;

/*
** Check a volume's options ("ro,z"): NULL when Compose knows every one
** (ro rw nocopy z Z rprivate private rshared shared rslave slave, and
** the ignored cached delegated consistent), else the static "unknown
** volume option" with the first unknown one at *off, *len.
*/
const char *pl_compose_volume_options(const char *s, size_t len, size_t *off, size_t *olen);

int pl_compose_parse_volume(const char *s, size_t len, pl_compose_volume_spec *out);

/* A Go duration ("1m30s", "250ms", "0"); 0 and the nanoseconds, or -1. */
int pl_compose_parse_duration(const char *s, long long *ns);
/* A Docker restart policy: no, always, unless-stopped, on-failure[:N]. */
bool pl_compose_restart_ok(const char *s);
/*
** "port[-port][/proto]" as 'expose' takes it; NULL, or what is wrong
** with the part at *off, *len (a message ending in ')' says it all; the
** others want the part quoted after them).
*/
const char *pl_compose_parse_expose(const char *s, size_t len, size_t *off, size_t *olen);

#endif
