package analyze

import (
	"fmt"
	"testing"
)

// The database servers a main connects to, with the settings of their
// address; a database file, a driver chosen by a setting and a connect
// call the main does not reach are none.
func TestDatabases(t *testing.T) {
	tests := []struct {
		name  string
		files []string
		want  string // kind env flags choice, per database; "" for none
	}{
		{"database/sql with a server's driver, its DSN from the environment (miniflux, riverui)", []string{
			"main.go", mainImporting(`"database/sql"
"os"`, `func main() { sql.Open("postgres", os.Getenv("DATABASE_URL")) }`),
		}, "[{postgres [DATABASE_URL] [] }]"},
		{"a client package's constructor, its DSN from a flag", []string{
			"main.go", mainImporting(`"context"
"flag"
"github.com/jackc/pgx/v5/pgxpool"`, `var dsn = flag.String("dsn", "postgres://localhost/app", "database URL")
func main() { flag.Parse(); pgxpool.New(context.Background(), *dsn) }`),
		}, "[{postgres [] [dsn] }]"},
		{"a driver name in a constant of another package, an address traced to nothing", []string{
			"store/store.go", "package store\n\nimport \"database/sql\"\n\nconst Driver = \"mysql\"\n\nfunc Open(dsn string) (*sql.DB, error) { return sql.Open(Driver, dsn) }\n",
			"main.go", mainImporting(`"example.org/app/store"`, `func main() { store.Open("app:app@/app") }`),
		}, "[{mysql [] [] }]"},
		{"the DSN from a table of options keyed by environment variable (miniflux's config)", []string{
			"config/config.go", `package config

import (
	"os"
	"strings"
)

type option struct {
	parsedStringValue string
	rawValue          string
}

type options struct{ options map[string]*option }

var Opts = &options{options: map[string]*option{
	"LISTEN_ADDR":  {parsedStringValue: "127.0.0.1:8080", rawValue: "127.0.0.1:8080"},
	"DATABASE_URL": {parsedStringValue: "user=postgres dbname=app", rawValue: "user=postgres dbname=app"},
}}

func (o *options) DatabaseURL() string { return o.options["DATABASE_URL"].parsedStringValue }

func Parse() {
	for _, kv := range os.Environ() {
		k, v, _ := strings.Cut(kv, "=")
		if o, ok := Opts.options[k]; ok {
			o.parsedStringValue = v
		}
	}
}
`,
			"main.go", mainImporting(`"database/sql"
"example.org/app/config"`, `func main() { sql.Open("postgres", config.Opts.DatabaseURL()) }`),
		}, "[{postgres [DATABASE_URL] [] }]"},
		{"a method of another package's variable, when two types there have a method of that name: no guess", []string{
			"config/config.go", "package config\n\nimport \"os\"\n\ntype pg struct{}\ntype rd struct{}\n\nfunc (pg) URL() string { return os.Getenv(\"DATABASE_URL\") }\nfunc (rd) URL() string { return os.Getenv(\"REDIS_URL\") }\n\nvar DB pg\nvar Cache rd\n",
			"main.go", mainImporting(`"database/sql"
"example.org/app/config"`, `func main() { sql.Open("postgres", config.DB.URL()) }`),
		}, "[{postgres [] [] }]"},
		{"an address from a table of string defaults keyed by environment variable", []string{
			"main.go", mainImporting(`"os"
"github.com/redis/go-redis/v9"`, `var defaults = map[string]string{"REDIS_URL": "redis://localhost:6379/0", "CACHE_TTL": "60"}
func main() {
	for k := range defaults {
		if v := os.Getenv(k); v != "" {
			defaults[k] = v
		}
	}
	redis.ParseURL(defaults["REDIS_URL"])
}`),
		}, "[{redis [REDIS_URL] [] }]"},
		{"a table keyed by variable names, but the package reads no variable by a computed name: the DSN comes from a file", []string{
			"main.go", mainImporting(`"database/sql"
"encoding/json"
"os"`, `var workerEnv = map[string]string{"DATABASE_URL": "postgres://worker@db/app"}
func load() map[string]string {
	var s map[string]string
	data, _ := os.ReadFile("/etc/app.json")
	json.Unmarshal(data, &s)
	return s
}
func main() { s := load(); sql.Open("postgres", s["DATABASE_URL"]) }`),
		}, "[{postgres [] [] }]"},
		{"a key with no underscore is no environment variable's", []string{
			"main.go", mainImporting(`"github.com/redis/go-redis/v9"`, `var servers = map[string]string{"REDIS": "redis://cache:6379/0", "MEMCACHE": "cache:11211"}
func main() { redis.ParseURL(servers["REDIS"]) }`),
		}, "[{redis [] [] }]"},
		{"redis, its address in an options struct", []string{
			"main.go", mainImporting(`"github.com/redis/go-redis/v9"`, `func main() { redis.NewClient(&redis.Options{Addr: "localhost:6379"}) }`),
		}, "[{redis [] [] }]"},
		{"a sqlite file is not a server", []string{
			"main.go", mainImporting(`"database/sql"`, `func main() { sql.Open("sqlite3", "data/app.db") }`),
		}, "[]"},
		{"a driver chosen by a setting: its values disagree", []string{
			"main.go", mainImporting(`"database/sql"
"os"`, `func main() {
	driver := "sqlite3"
	if os.Getenv("PG") != "" {
		driver = "postgres"
	}
	sql.Open(driver, os.Getenv("DSN"))
}`),
		}, "[]"},
		{"a server that is one choice: the code the main reaches names a file driver (maddy)", []string{
			"main.go", mainImporting(`"database/sql"
"os"`, `func open(driver string) {
	switch driver {
	case "sqlite3":
		sql.Open(driver, "mail.db")
	case "postgres":
		connect(os.Getenv("DSN"))
	}
}
func connect(dsn string) { sql.Open("postgres", dsn) }
func main() { open(os.Args[1]) }`),
		}, `[{postgres [DSN] [] main.go:10 chooses the "sqlite3" driver}]`},
		{"a sqlite name that chooses nothing does not make a server a choice; a password is no address", []string{
			"main.go", mainImporting(`"database/sql"
"fmt"
"os"`, `const cacheBackend = "sqlite"
func main() {
	_ = cacheBackend
	sql.Open("postgres", fmt.Sprintf("host=%s password=%s", os.Getenv("PGHOST"), os.Getenv("PGPASSWORD")))
}`),
		}, "[{postgres [PGHOST] [] }]"},
		{"sqlx.ConnectContext and redis.ParseURL", []string{
			"main.go", mainImporting(`"context"
"os"
"github.com/jmoiron/sqlx"
"github.com/redis/go-redis/v9"`, `func main() {
	sqlx.ConnectContext(context.Background(), "mysql", os.Getenv("MYSQL_DSN"))
	redis.ParseURL(os.Getenv("REDIS_URL"))
}`),
		}, "[{mysql [MYSQL_DSN] [] } {redis [REDIS_URL] [] }]"},
		{"a connect call the main does not reach", []string{
			"main.go", mainImporting(`"database/sql"`, `func unused() { sql.Open("postgres", "") }
func main() {}`),
		}, "[]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := rootMain(mustAnalyze(t, tree(tt.files...)))
			var got []string
			for _, db := range m.Databases {
				got = append(got, fmt.Sprintf("{%s %v %v %s}", db.Kind, db.Env, db.Flags, db.Choice))
			}
			s := fmt.Sprint(got)
			if len(got) == 0 {
				s = "[]"
			}
			if s != tt.want {
				t.Errorf("databases = %s, want %s (evidence %v)", s, tt.want, m.Evidence)
			}
		})
	}
}
