package plan

// Plan is everything the templates lay out. It holds no decisions of its
// own: Decide made them all, and Reasons says why.
type Plan struct {
	// GoVersion is the default of the global GO_VERSION build argument.
	GoVersion string
	// GoVersionSource says where GoVersion comes from ("the toolchain line
	// of go.mod").
	GoVersionSource string
	// Builder is the image of the build stage.
	Builder Image
	// Cgo says the build uses cgo (CGO_ENABLED=1): the binaries link
	// against the C library and the images carry it.
	Cgo bool
	// CrossCompile puts the build stage on $BUILDPLATFORM and lets Go
	// cross-compile for the target.
	CrossCompile bool
	// PlatformNote is the description of the build stage (BuildKit's
	// "# build <description>", one line) saying where it runs; empty
	// when Go cross-compiles.
	PlatformNote string
	// EmulationNote says how a build for another platform runs then, and
	// what it needs; empty when Go cross-compiles.
	EmulationNote string
	// EmulationSetup is the command that EmulationNote ends by asking for,
	// on a line of its own.
	EmulationSetup string
	// Private is the GOPRIVATE value for the build stage; empty for none.
	Private string
	// Download is the module download step; nil when there is nothing to
	// download (vendored, or no requirements).
	Download *Download
	// Build is the go build step.
	Build Build
	// Rootfs lists the directories the build stage prepares for scratch
	// images.
	Rootfs []Rootfs
	// EmptyDir is an empty build-stage directory the final stages copy to
	// create their writable directories; empty when none needs one.
	EmptyDir string
	// Finals are the final stages, one per binary; the last is the primary
	// binary and the image docker build produces by default.
	Finals []Final
	// Ignore is the .dockerignore.
	Ignore Ignore
	// Reasons explain the judgements, in the order they were made.
	Reasons []Reason
	// Warnings are things the person should look at.
	Warnings []string
	// Choices are the choices the plan was made with, defaults filled in.
	Choices Choices
}

// Primary returns the final stage of the primary binary: the last one, the
// image docker build produces by default.
func (p *Plan) Primary() Final {
	return p.Finals[len(p.Finals)-1]
}

// Others returns the final stages other than the primary's.
func (p *Plan) Others() []Final {
	return p.Finals[:len(p.Finals)-1]
}

// Reason is one judgement and why it was made.
type Reason struct {
	// Topic names what was decided ("base", "cgo", "api: ca-certs").
	Topic string
	// Text is one line saying what and why.
	Text string
	// Line is the line of an existing Dockerfile the reason is about
	// (see Drift); 0 for none.
	Line int
}

// Download is the module download step.
type Download struct {
	// Mounts are the module files bound into the step (go.mod, go.sum, …).
	Mounts []Mount
	// Netrc mounts the netrc secret for private modules.
	Netrc bool
}

// Mount is one file bound into the download step.
type Mount struct {
	// Path is the file, relative to the context and to /src.
	Path string
	// Writable binds it read-write (writes are discarded with the step): the
	// go command may add checksums to go.sum and go.work.sum, and the build
	// must not depend on them being complete.
	Writable bool
}

// Build is the go build step.
type Build struct {
	// Notes are comments above the step: what dockgen assumed and the
	// person should know.
	Notes []string
	// WritableSource binds the source read-write (writes are discarded with
	// the step): go generate writes its output, and in workspace mode the
	// go command adds checksums to go.work.sum.
	WritableSource bool
	// Generate are go generate commands run before go build, in the same
	// step ("go generate ./internal/views").
	Generate []string
	// GenerateDirs are the package directories those commands run in.
	GenerateDirs []string
	// Args are build arguments the step declares (VERSION, COMMIT, …).
	Args []BuildArg
	// Env are the environment assignments before go build.
	Env []string
	// Flags are go build flags before -ldflags.
	Flags []string
	// Ldflags is the value of -ldflags, possibly with shell expansions of
	// the build arguments.
	Ldflags string
	// Packages are the main packages to build ("./cmd/api", ".").
	Packages []string
	// Invocations split the packages into go build commands: one for all
	// binaries with distinct names, writing into OutDir, and one more for
	// each binary whose name another one already takes, writing into a
	// directory of its own (go build -o DIR/ would keep only one).
	Invocations []Invocation
}

// BuildArg is a build argument of the go build step.
type BuildArg struct {
	// Name is the argument's name (VERSION).
	Name string
	// Suggest is the shell expression the next-steps hint suggests as
	// its value ("$(git rev-parse --short HEAD)").
	Suggest string
}

// Invocation is one go build command.
type Invocation struct {
	// OutDir is the -o directory (with a trailing slash in the Dockerfile).
	OutDir string
	// Packages are the packages it builds.
	Packages []string
}

// Rootfs is a directory the build stage fills with the files a final image
// needs (scratch's CA bundle, alpine's nonroot user); a final stage copies
// it to /. The build stage runs on $BUILDPLATFORM, so no final stage needs
// to run a command, and multi-platform builds need no emulation.
type Rootfs struct {
	// Dir is the directory in the build stage ("/rootfs/ca-certs+tmp").
	Dir string
	// Comment says what the directory is for.
	Comment string
	// Seed copies files out of an image into the directory before the
	// commands run; nil for none.
	Seed *Seed
	// Commands are the shell commands that fill it.
	Commands []string
}

// Seed is a COPY --from=IMAGE of files into a Rootfs directory.
type Seed struct {
	// Image is the image the files come from.
	Image Image
	// Files are the absolute paths copied.
	Files []string
	// Dst is the destination directory, with a trailing slash.
	Dst string
}

// Final is one final stage.
type Final struct {
	// Stage is the stage name (docker build --target STAGE).
	Stage string
	// Binary is the executable's name.
	Binary string
	// Dir is the main package directory.
	Dir string
	// Base is the kind of image.
	Base Base
	// Image is the FROM image.
	Image Image
	// Rootfs is the Rootfs.Dir to copy to /, empty for none.
	Rootfs string
	// Files are run-time files copied from the build context.
	Files []Copy
	// Workdir is the working directory, empty to keep the image's.
	Workdir string
	// Built is where the build stage writes the binary.
	Built string
	// BinaryPath is where the binary goes in the image.
	BinaryPath string
	// Dirs are directories created empty and owned by the nonroot user
	// (its home on bases that lack it, data directories).
	Dirs []string
	// Env are ENV assignments (HOME, a listen address).
	Env []EnvVar
	// RunEnv are environment variables the container needs from docker
	// run, which the image cannot set (a database's address): the hint
	// passes them on from the caller's environment (-e NAME).
	RunEnv []string
	// Cmd is the CMD: arguments after the binary (a subcommand, a flag);
	// empty for none.
	Cmd []string
	// Ports are exposed.
	Ports []int
	// Healthcheck is the exec-form HEALTHCHECK command, nil for none.
	Healthcheck []string
	// Notes are comments for the stage: what was deliberately left out.
	Notes []string
	// HealthNote is a comment for images without a shell, saying how to
	// probe the health route instead.
	HealthNote string
	// User is the numeric user:group.
	User string
	// UID is the numeric user (and group) id.
	UID int
	// LabelArgs are the build arguments the OCI labels read.
	LabelArgs []string
	// SourceURL is the default of the SOURCE_URL build argument, "" when
	// the module path names no known forge (no argument, no label then).
	SourceURL string
	// Labels are the OCI labels of the image, in order.
	Labels []Label
}

// Label is one LABEL key and its value (which may expand a build argument).
type Label struct {
	Key, Value string
}

// Copy copies a path of the build context into the image.
type Copy struct {
	Src, Dst string
}

// Ignore is the content of the .dockerignore, in groups.
type Ignore struct {
	// Style is how the file shapes the build context.
	Style ContextStyle
	// Summary says in a line what the file does, for its header.
	Summary string
	// Groups are the patterns, in order.
	Groups []IgnoreGroup
	// Needed lists the files of the build context the build reads or the
	// image copies: the patterns must let every one of them in.
	Needed []NeededFile
}

// NeededFile is a file (or directory) of the build context that the build
// reads or the image copies.
type NeededFile struct {
	// Path is relative to the build context, slash separated.
	Path string
	// Why says what needs it ("embedded with //go:embed").
	Why string
}

// IgnoreGroup is a commented block of .dockerignore patterns.
type IgnoreGroup struct {
	Comment  string
	Patterns []string
	// Routine marks a group every .dockerignore of its style has (in an
	// allow list: everything out, module files and Go sources in, tests
	// out; in a deny list: the clutter and secrets dockgen always names):
	// a summary of the file can leave its patterns out.
	Routine bool
}

// Patterns returns every pattern in order.
func (ig Ignore) Patterns() []string {
	var out []string
	for _, g := range ig.Groups {
		out = append(out, g.Patterns...)
	}
	return out
}
