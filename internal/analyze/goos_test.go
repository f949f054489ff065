package analyze

import (
	"slices"
	"testing"
)

// Branches on runtime.GOOS for other systems say nothing about the image:
// neither the values they give nor the calls they make count.
func TestOtherSystemsSkipped(t *testing.T) {
	tests := []struct {
		name string
		body string
		want []string
	}{
		{"a switch: the darwin and windows cases, not the default (caddy's AppDataDir)", `func dataDir() string {
	switch runtime.GOOS {
	case "windows":
		return "AppData/app"
	case "darwin":
		return "Library/Application Support/app"
	default:
		return "/var/lib/app"
	}
}
func main() { os.MkdirAll(dataDir(), 0o700) }`, []string{"/var/lib/app"}},
		{"a switch that lists linux: its default is for other systems", `func main() {
	switch runtime.GOOS {
	case "linux", "freebsd":
		os.MkdirAll("/var/lib/app", 0o700)
	default:
		os.MkdirAll("Library/app", 0o700)
	}
}`, []string{"/var/lib/app"}},
		{"an if on another system, and the else of an if on linux", `func main() {
	if runtime.GOOS == "windows" {
		os.MkdirAll("C:/app", 0o700)
	} else {
		os.MkdirAll("/var/lib/app", 0o700)
	}
	if "linux" != runtime.GOOS {
		os.MkdirAll("Library/app", 0o700)
	}
	if runtime.GOOS == "linux" {
		os.MkdirAll("/var/cache/app", 0o700)
	} else {
		os.MkdirAll("Caches/app", 0o700)
	}
}`, []string{"/var/lib/app", "/var/cache/app"}},
		{"a comparison with another system as an operand of && (caddy's homeDirUnsafe)", `func main() {
	dir := "/var/lib/app"
	if dir != "" && runtime.GOOS == "plan9" {
		dir = "lib/app"
	}
	os.MkdirAll(dir, 0o700)
}`, []string{"/var/lib/app"}},
		{"a clause that a live one falls through into runs on linux", `func main() {
	switch runtime.GOOS {
	case "linux":
		fallthrough
	case "freebsd":
		os.MkdirAll("/var/lib/app", 0o700)
	case "darwin":
		os.MkdirAll("Library/app", 0o700)
		fallthrough
	default:
		os.MkdirAll("/srv/other", 0o700)
	}
}`, []string{"/var/lib/app"}},
		{"every operand of || names another system", `func main() {
	if runtime.GOOS == "darwin" || runtime.GOOS == "windows" {
		os.MkdirAll("Library/app", 0o700)
	}
	if runtime.GOOS == "darwin" || runtime.GOOS == "linux" {
		os.MkdirAll("/var/lib/app", 0o700)
	}
}`, []string{"/var/lib/app"}},
		{"a switch with no tag: cases false on linux, and the default after a true one", `func main() {
	switch {
	case runtime.GOOS == "windows":
		os.MkdirAll("C:/app", 0o700)
	case runtime.GOOS == "darwin" || runtime.GOOS == "ios":
		os.MkdirAll("Library/app", 0o700)
	case runtime.GOOS == "linux" || runtime.GOOS == "freebsd":
		os.MkdirAll("/var/lib/app", 0o700)
	default:
		os.MkdirAll("/srv/other", 0o700)
	}
}`, []string{"/var/lib/app"}},
		{"a switch with no tag and no case true on linux keeps its default and its other cases", `func main() {
	switch {
	case runtime.GOOS == "windows":
		os.MkdirAll("C:/app", 0o700)
	case len(os.Args) > 2:
		os.MkdirAll("/srv/args", 0o700)
	default:
		os.MkdirAll("/var/lib/app", 0o700)
	}
}`, []string{"/srv/args", "/var/lib/app"}},
		{"runtime.GOOS named in the statement's init", `func main() {
	if goos := runtime.GOOS; goos == "windows" || goos == "darwin" {
		os.MkdirAll("Library/app", 0o700)
	} else {
		os.MkdirAll("/var/lib/app", 0o700)
	}
	if goos := runtime.GOOS; goos == "linux" {
		os.MkdirAll("/var/cache/app", 0o700)
	} else {
		os.MkdirAll("Caches/app", 0o700)
	}
	switch sys := runtime.GOOS; sys {
	case "plan9":
		os.MkdirAll("lib/app", 0o700)
	default:
		os.MkdirAll("/srv/app", 0o700)
	}
}`, []string{"/var/lib/app", "/var/cache/app", "/srv/app"}},
		{"the name an init gives runtime.GOOS, down an else if chain", `func main() {
	if goos := runtime.GOOS; goos == "windows" {
		os.MkdirAll("C:/app", 0o700)
	} else if goos == "darwin" {
		os.MkdirAll("Library/app", 0o700)
	} else if goos := "linux"; goos == "plan9" {
		os.MkdirAll("/srv/shadowed", 0o700)
	} else {
		os.MkdirAll("/var/lib/app", 0o700)
	}
}`, []string{"/srv/shadowed", "/var/lib/app"}},
		{"a case the code computes keeps every clause", `func main() {
	switch runtime.GOOS {
	case otherOS():
		os.MkdirAll("/srv/a", 0o700)
	case "darwin":
		os.MkdirAll("/srv/b", 0o700)
	}
}
func otherOS() string { return "plan9" }`, []string{"/srv/a", "/srv/b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := onlyMain(t, tree("main.go", mainImporting(`"os"
"runtime"`, tt.body)))
			var got []string
			for _, d := range m.DataDirs {
				got = append(got, d.Path)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("data dirs = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestAssumedName(t *testing.T) {
	for path, want := range map[string]string{
		"net/http":                       "http",
		"github.com/jackc/pgx/v5":        "pgx",
		"github.com/redis/go-redis/v9":   "redis",
		"gopkg.in/yaml.v3":               "yaml",
		"github.com/urfave/cli/v2":       "cli",
		"github.com/mattn/go-sqlite3":    "sqlite3",
		"example.org/app/internal/v2api": "v2api",
	} {
		if got := assumedName(path); got != want {
			t.Errorf("assumedName(%q) = %q, want %q", path, got, want)
		}
	}
}

// What is written under the home directory ($HOME, os.UserHomeDir,
// os.UserConfigDir, os.UserCacheDir) is under HomeDir, which the plan puts
// where the user's home is. A base directory read from an environment
// variable alone (XDG_DATA_HOME) is no default path; a flag's empty
// default, or an empty fallback, is (the working directory).
func TestDataDirsUnderHomeAndUnsetBases(t *testing.T) {
	m := onlyMain(t, tree("main.go", mainImporting(`"flag"
"os"
"path/filepath"`, `var data = flag.String("data", os.Getenv("APP_DATA"), "data directory")
func main() {
	home, _ := os.UserHomeDir()
	os.MkdirAll(filepath.Join(home, ".local", "share", "app"), 0o700)
	os.MkdirAll(filepath.Join(os.Getenv("HOME"), ".app"), 0o700)
	cache, _ := os.UserCacheDir()
	os.MkdirAll(filepath.Join(cache, "app"), 0o700)
	os.MkdirAll(filepath.Join(os.Getenv("XDG_DATA_HOME"), "app"), 0o700)
	if base := os.Getenv("XDG_STATE_HOME"); base != "" {
		os.MkdirAll(filepath.Join(base, "app"), 0o700)
	}
	os.WriteFile(filepath.Join(*data, "state", "app.db"), nil, 0o600)
	dir := ""
	if v := os.Getenv("STATE_DIR"); v != "" {
		dir = v
	}
	os.WriteFile(filepath.Join(dir, "statedir", "state.json"), nil, 0o600)
}`)))
	var got []string
	for _, d := range m.DataDirs {
		got = append(got, d.Path)
	}
	if want := []string{"$HOME/.local/share/app", "$HOME/.app", "$HOME/.cache/app", "state", "statedir"}; !slices.Equal(got, want) {
		t.Errorf("data dirs = %q, want %q", got, want)
	}
}
