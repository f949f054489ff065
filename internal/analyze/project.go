package analyze

// Project is everything the analyzer found in a project directory.
type Project struct {
	// Module is the module path of the main module (the go.mod in the
	// analyzed directory, or the first module a go.work uses).
	Module string `json:"module"`
	// Go is the go line of the main module's go.mod ("1.25.0").
	Go string `json:"go"`
	// GoPos is where the go line is ("go.mod:3", "go.work:1"), empty when
	// there is none.
	GoPos string `json:"go_pos,omitempty"`
	// Toolchain is the toolchain line ("go1.26.0"), empty when absent.
	Toolchain string `json:"toolchain"`
	// ToolchainPos is where the toolchain line is, like GoPos.
	ToolchainPos string `json:"toolchain_pos,omitempty"`
	// Vendor reports whether the go command builds in vendor mode
	// (vendor/modules.txt present and go 1.14 or later).
	Vendor bool `json:"vendor"`
	// Workspace reports whether the directory holds a go.work.
	Workspace bool `json:"workspace"`
	// HasGoSum reports whether the main module has a go.sum file.
	HasGoSum bool `json:"go_sum"`
	// Unsummed lists the requirements whose go.mod checksum no go.sum
	// holds: a build, which never writes go.sum, stops at them.
	Unsummed []Unsummed `json:"unsummed,omitempty"`
	// ModFiles lists the module metadata files the go command reads to
	// download modules (go.work, go.work.sum, each go.mod and go.sum, the
	// go.mod of local replace targets), those that exist, relative to the
	// analyzed directory.
	ModFiles []string `json:"mod_files"`
	// Modules lists the modules that are built: the main module, or every
	// module a go.work uses, in go.work order.
	Modules []Module `json:"modules"`
	// Requires lists the requirements of the main module(s).
	Requires []Require `json:"requires"`
	// Replaces lists replace directives whose target is a local directory.
	Replaces []Replace `json:"local_replaces"`
	// Private lists required module paths that are not fetched through the
	// public proxy (GOPRIVATE, GONOPROXY or a host that is not public).
	Private []string `json:"private_modules"`
	// PrivatePatterns are the GOPRIVATE and GONOPROXY patterns of the
	// environment the analysis ran in.
	PrivatePatterns []string `json:"private_patterns"`
	// Mains lists every main package, sorted by directory.
	Mains []Main `json:"mains"`
	// Incomplete lists the packages and modules whose sources the
	// analysis needed but could not read: facts inside them (cgo, run-time
	// needs) are unknown. Empty when every package of the closure was read.
	Incomplete []Missing `json:"incomplete"`
	// Warnings are facts the analyzer could not establish, with the reason,
	// for a person to read.
	Warnings []string `json:"warnings"`
}

// Missing is a module or package whose source the analysis could not read.
type Missing struct {
	// Path is the module path, or the import path when no module (or no
	// vendored copy) provides the package.
	Path string `json:"path"`
	// Version is the required version, when the module's source is not on
	// disk.
	Version string `json:"version,omitempty"`
	// Reason says why it could not be read ("not on disk").
	Reason string `json:"reason"`
}

// Module is one module that takes part in the build.
type Module struct {
	// Path is the module path.
	Path string `json:"path"`
	// Dir is the module root relative to the analyzed directory, slash
	// separated, "." for the directory itself.
	Dir string `json:"dir"`
}

// Require is one requirement from go.mod.
type Require struct {
	Path     string `json:"path"`
	Version  string `json:"version"`
	Indirect bool   `json:"indirect,omitempty"`
}

// Replace is a replace directive that points at a local directory.
type Replace struct {
	// Old is the module path being replaced.
	Old string `json:"old"`
	// Dir is the target relative to the analyzed directory, slash
	// separated; it starts with "../" when it lies outside.
	Dir string `json:"dir"`
	// Outside reports whether the target lies outside the analyzed
	// directory, and so outside any build context rooted there.
	Outside bool `json:"outside"`
	// Pos is "go.mod:LINE" of the directive.
	Pos string `json:"pos"`
}

// Main is one main package and what it needs at run time.
type Main struct {
	// ImportPath is the package's import path.
	ImportPath string `json:"import_path"`
	// Dir is the package directory relative to the analyzed directory,
	// slash separated, "." for the directory itself.
	Dir string `json:"dir"`
	// Binary is the file name go build gives the executable.
	Binary string `json:"binary"`
	// LocalDirs lists the directories of the project's own packages in the
	// import closure (the main's included), relative to the analyzed directory.
	LocalDirs []string `json:"local_dirs"`
	// LocalFiles lists every source file of those packages that go build
	// reads (Go, cgo, C, C++, assembly, syso), relative to the analyzed
	// directory. Left out of the JSON: it can hold thousands of names.
	LocalFiles []string `json:"-"`
	// NonGoFiles lists the non-Go files go build may read for those
	// packages on any target platform (C, C++, headers, assembly, syso, …,
	// as go/build classifies them, including those build constraints leave
	// out on linux/amd64), relative to the analyzed directory.
	NonGoFiles []string `json:"non_go_files,omitempty"`
	// CgoPaths lists the files and directories of the project that #cgo
	// flags name through ${SRCDIR} (-I${SRCDIR}/include,
	// -L${SRCDIR}/lib): the C compiler and linker read them.
	CgoPaths []string `json:"cgo_paths,omitempty"`
	// Cgo reports whether a non-standard package in the import closure has
	// cgo files.
	Cgo bool `json:"cgo"`
	// CgoPackages lists the packages of the closure that use cgo.
	CgoPackages []string `json:"cgo_packages,omitempty"`
	// CgoLibs lists the C libraries those packages link beyond the C
	// library itself: #cgo pkg-config names and -l flags.
	CgoLibs []string `json:"cgo_libs,omitempty"`
	// CgoCXX reports C++ sources in the closure (the runtime needs libstdc++).
	CgoCXX bool `json:"cgo_cxx,omitempty"`
	// CgoOptional reports that the closure has cgo packages but builds
	// without cgo through their pure-Go fallbacks (files for !cgo, or
	// imports left out with cgo off); Cgo is then false.
	CgoOptional bool `json:"cgo_optional,omitempty"`
	// CgoAssumed reports that Cgo is true only because a dependency's source
	// was not on disk and go.mod or go.sum names a module known to use cgo.
	CgoAssumed bool `json:"cgo_assumed,omitempty"`
	// CgoUnchecked reports that Cgo is false although some dependency
	// sources of the closure were not on disk: cgo inside them is unknown.
	CgoUnchecked bool `json:"cgo_unchecked,omitempty"`
	// Generate lists the go:generate commands that must run before the
	// main's packages compile: the packages use identifiers no file defines.
	Generate []Generate `json:"generate,omitempty"`
	// Embeds lists the //go:embed patterns of the main and the local
	// packages it imports, relative to the analyzed directory.
	Embeds []string `json:"embeds"`
	// EmbedFiles lists the files those patterns match, relative to the
	// analyzed directory.
	EmbedFiles []string `json:"embed_files"`
	// RuntimeFiles lists files and directories the code reads at run time
	// through a relative path (http.Dir("static"), template.ParseGlob("tmpl/*")).
	RuntimeFiles []RuntimeFile `json:"runtime_files"`
	// Needs lists the run-time files the binary needs.
	Needs Needs `json:"needs"`
	// Ports lists the TCP ports the binary listens on, when literal.
	Ports []int `json:"ports"`
	// Serves reports that a call accepting connections (ListenAndServe,
	// net.Listen, Serve, a listen address) is reached from the main
	// function, through Command when it is set.
	Serves bool `json:"serves"`
	// Command is the command line that makes the binary serve: the
	// subcommand from which the listen call is reached, when it is not
	// reached without one (["serve"]). Empty when none is needed.
	Command []string `json:"command"`
	// OtherCommands lists further subcommands that reach a listen call.
	OtherCommands []string `json:"other_commands,omitempty"`
	// Listen lists the listen addresses the binary uses, with the
	// environment variables and flags that set them.
	Listen []Listen `json:"listen"`
	// Optional lists the listen addresses the code has but uses only when a
	// setting turns them on: off by default, so not in Ports or Listen.
	Optional []OptionalListen `json:"optional_listen,omitempty"`
	// DataDirs lists the directories the binary writes its data to by
	// default (a sqlite file's directory, a default data directory).
	DataDirs []DataDir `json:"data_dirs"`
	// Databases lists the database servers the binary connects to
	// (PostgreSQL, Redis, …), which it needs from outside the image.
	Databases []Database `json:"databases"`
	// HealthPath is an HTTP route that looks like a health check.
	HealthPath string `json:"health_path"`
	// HealthPort is the port of the server whose handler registers
	// HealthPath, when the code links them (the router passed to
	// http.Server{Handler: r}, http.ListenAndServe(addr, r), r.Run(addr));
	// 0 when it does not.
	HealthPort int `json:"health_port,omitempty"`
	// HealthCommand is a subcommand that probes the running server (its
	// name says health, ready, live or ping, and its code makes a request
	// or dials): the arguments after the binary, nil for none.
	HealthCommand []string `json:"health_command,omitempty"`
	// VersionVars lists string variables meant to be set with -X, as
	// "importpath.name" (main.version for package main).
	VersionVars []string `json:"version_vars"`
	// Evidence says where each fact came from.
	Evidence []Evidence `json:"evidence"`
}

// Listen is one listen address as the code gives it by default.
type Listen struct {
	// Address is the default address ("127.0.0.1:8080", ":8080").
	Address string `json:"address"`
	// Host is its host part, "" for every interface.
	Host string `json:"host"`
	// Port is its port.
	Port int `json:"port"`
	// Env lists environment variables that set the address or a part of
	// it (its host or its port), as the code reads them.
	Env []string `json:"env,omitempty"`
	// Flags lists command-line flags that set it, without dashes.
	Flags []string `json:"flags,omitempty"`
	// AddrFlags are the Flags whose default is a whole address (host and
	// port: --bind=127.0.0.1:9014), whatever their name says.
	AddrFlags []string `json:"addr_flags,omitempty"`
	// Pos is the file:line of the listen call or address.
	Pos string `json:"pos"`
}

// OptionalListen is a listen address the binary uses only when a setting
// turns it on: the listen call is after an early return, or inside an if,
// whose condition keeps it from running by default.
type OptionalListen struct {
	Listen
	// Condition is the condition that keeps the listen off, as written.
	Condition string `json:"condition"`
	// ConditionPos is the file:line of its if statement.
	ConditionPos string `json:"condition_pos"`
	// EarlyReturn reports that the function returns before the listen
	// call when Condition holds; else the call is inside if Condition.
	EarlyReturn bool `json:"early_return"`
	// Why says what the condition is by default and why.
	Why string `json:"why"`
	// EnabledBy lists the environment variables ($NAME) and flags
	// (--name) that the condition's values come from: what turns it on.
	EnabledBy []string `json:"enabled_by"`
}

// HomeDir stands for the home directory of the user the binary runs as
// at the start of a path ("$HOME/.local/share/app"): $HOME,
// os.UserHomeDir, os.UserConfigDir ($HOME/.config), os.UserCacheDir
// ($HOME/.cache).
const HomeDir = "$HOME"

// DataDir is a directory a binary writes to by default.
type DataDir struct {
	// Path is the directory as the code names it ("data", "/var/lib/app",
	// "$HOME/.local/share/app": HomeDir); "." for files written into the
	// working directory.
	Path string `json:"path"`
	// Pos is the file:line that names it.
	Pos string `json:"pos"`
}

// Database is a database server a binary connects to.
type Database struct {
	// Kind is the server: postgres, mysql, sqlserver, clickhouse, mongodb
	// or redis (DatabaseNames).
	Kind string `json:"kind"`
	// Pos is the file:line of the connect call.
	Pos string `json:"pos"`
	// Env and Flags set its address (a DSN, a URL), when traced; flags
	// without dashes.
	Env   []string `json:"env,omitempty"`
	Flags []string `json:"flags,omitempty"`
	// Choice, when set, says why the server may be one choice of its
	// configuration: the code the main reaches also names a database
	// file's driver ("internal/store.go:12 names the "sqlite3" driver").
	Choice string `json:"choice,omitempty"`
}

// Generate is a go:generate command whose output is missing.
type Generate struct {
	// Dir is the package directory the command runs in.
	Dir string `json:"dir"`
	// Command is the command line after //go:generate.
	Command string `json:"command"`
	// Pos is "file:line" of the directive.
	Pos string `json:"pos"`
	// Undefined lists identifiers the package uses that no file defines.
	Undefined []string `json:"undefined"`
	// Runnable reports that the command needs nothing beyond the module
	// and its requirements: go run of a package or file in the module or of
	// a required module, or go tool of a tool go.mod declares.
	Runnable bool `json:"runnable"`
}

// RuntimeFile is a file or directory that a binary opens at run time by a
// path relative to its working directory, or a file it opens by an
// absolute path (a configuration file's default) that the project ships
// under that name.
type RuntimeFile struct {
	// Path is the path as the code names it, cleaned ("static",
	// "config/app.yaml", "/etc/app/app.conf").
	Path string `json:"path"`
	// Source is where it lives in the analyzed directory (Path itself, or
	// Path below the main package's directory; for an absolute Path, its
	// base name at the root or in the main package's directory).
	Source string `json:"source"`
	// Dir reports whether Source is a directory.
	Dir bool `json:"dir"`
}

// Needs lists the run-time files a binary needs from its image.
type Needs struct {
	// CACerts: the binary makes TLS connections and needs a CA bundle.
	CACerts bool `json:"ca_certs"`
	// TZData: the binary loads time zones by name and needs zoneinfo,
	// unless it embeds time/tzdata (then TZEmbedded is set instead).
	TZData bool `json:"tzdata"`
	// TZEmbedded: the binary imports time/tzdata and carries its own zoneinfo.
	TZEmbedded bool `json:"tzdata_embedded"`
	// Tmp: the binary creates temporary files and needs a writable /tmp.
	Tmp bool `json:"tmp"`
	// Passwd: the binary looks up users or groups (os/user).
	Passwd bool `json:"passwd"`
}

// Fact names used in Evidence.
const (
	FactCgo       = "cgo"
	FactCACerts   = "ca_certs"
	FactTZData    = "tzdata"
	FactTmp       = "tmp"
	FactPasswd    = "passwd"
	FactPort      = "port"
	FactHealth    = "health"
	FactProbe     = "health_command"
	FactVersion   = "version_var"
	FactEmbed     = "embed"
	FactRuntimeFS = "runtime_dir"
	FactCommand   = "command"
	FactListen    = "listen"
	FactOptional  = "optional_listen"
	FactDataDir   = "data_dir"
	FactDatabase  = "database"
	FactGenerate  = "generate"
)

// Evidence is the reason for one fact: where it was seen and what.
type Evidence struct {
	// Fact is one of the Fact* names.
	Fact string `json:"fact"`
	// Pos is "file:line" relative to the analyzed directory, or an import
	// path for facts seen in a dependency.
	Pos string `json:"pos"`
	// Detail says what was seen, e.g. "calls time.LoadLocation".
	Detail string `json:"detail"`
}
