package analyze

import (
	"fmt"
	"go/ast"
	"go/token"
	"slices"
	"strconv"
	"strings"
)

// Database servers: a binary that connects to PostgreSQL, MySQL, SQL
// Server, ClickHouse, MongoDB or Redis cannot run from its image alone.
// The connect call is found in the own packages (the client packages'
// constructors, or database/sql's Open with a server driver's name), and
// the address it is given is traced to the environment variables and
// flags that set it (DATABASE_URL), so that the plan can say what the
// container needs and how to point it there. A database file (sqlite) is
// not a server: datadirs.go gives its directory instead.

// dbCalls are the connect calls of database clients: the argument that
// holds the address (the DSN), -1 when it is not traced (an options
// struct), and the kind of server.
var dbCalls = []struct {
	pkgPath, name string
	arg           int
	kind          string
}{
	{"github.com/jackc/pgx/v5", "Connect", 1, "postgres"},
	{"github.com/jackc/pgx/v5", "ParseConfig", 0, "postgres"},
	{"github.com/jackc/pgx/v5/pgxpool", "New", 1, "postgres"},
	{"github.com/jackc/pgx/v5/pgxpool", "ParseConfig", 0, "postgres"},
	{"github.com/jackc/pgx/v4", "Connect", 1, "postgres"},
	{"github.com/jackc/pgx/v4", "ParseConfig", 0, "postgres"},
	{"github.com/jackc/pgx/v4/pgxpool", "Connect", 1, "postgres"},
	{"github.com/jackc/pgx/v4/pgxpool", "ParseConfig", 0, "postgres"},
	{"gorm.io/driver/postgres", "Open", 0, "postgres"},
	{"gorm.io/driver/mysql", "Open", 0, "mysql"},
	{"gorm.io/driver/sqlserver", "Open", 0, "sqlserver"},
	{"gorm.io/driver/clickhouse", "Open", 0, "clickhouse"},
	{"go.mongodb.org/mongo-driver/mongo", "Connect", -1, "mongodb"},
	{"go.mongodb.org/mongo-driver/mongo", "NewClient", -1, "mongodb"},
	{"go.mongodb.org/mongo-driver/v2/mongo", "Connect", -1, "mongodb"},
	{"github.com/redis/go-redis/v9", "NewClient", -1, "redis"},
	{"github.com/redis/go-redis/v9", "ParseURL", 0, "redis"},
	{"github.com/redis/go-redis/v9", "NewClusterClient", -1, "redis"},
	{"github.com/redis/go-redis/v9", "NewUniversalClient", -1, "redis"},
	{"github.com/redis/go-redis/v9", "NewFailoverClient", -1, "redis"},
	{"github.com/go-redis/redis/v8", "NewClient", -1, "redis"},
	{"github.com/go-redis/redis/v8", "ParseURL", 0, "redis"},
	{"github.com/go-redis/redis/v8", "NewClusterClient", -1, "redis"},
	{"github.com/go-redis/redis/v8", "NewUniversalClient", -1, "redis"},
	{"github.com/go-redis/redis", "NewClient", -1, "redis"},
	{"github.com/redis/rueidis", "NewClient", -1, "redis"},
	{"github.com/gomodule/redigo/redis", "Dial", 1, "redis"},
	{"github.com/gomodule/redigo/redis", "DialURL", 0, "redis"},
	{"github.com/ClickHouse/clickhouse-go/v2", "Open", -1, "clickhouse"},
}

// sqlOpens are the functions that open a database/sql handle by driver
// name: the index of the driver's argument; the address is the next.
var sqlOpens = []struct {
	pkgPath, name string
	driver        int
}{
	{"database/sql", "Open", 0},
	{"github.com/jmoiron/sqlx", "Open", 0}, {"github.com/jmoiron/sqlx", "Connect", 0}, {"github.com/jmoiron/sqlx", "MustConnect", 0}, {"github.com/jmoiron/sqlx", "MustOpen", 0},
	{"github.com/jmoiron/sqlx", "ConnectContext", 1},
}

// sqlServerDrivers maps database/sql driver names of database servers to
// their kind.
var sqlServerDrivers = map[string]string{
	"postgres": "postgres", "pgx": "postgres", "pgx/v5": "postgres", "cloudsqlpostgres": "postgres",
	"mysql":     "mysql",
	"sqlserver": "sqlserver", "mssql": "sqlserver",
	"clickhouse": "clickhouse",
}

// DatabaseNames are the names of the kinds of database server, as a
// person writes them.
var DatabaseNames = map[string]string{
	"postgres": "PostgreSQL", "mysql": "MySQL", "sqlserver": "Microsoft SQL Server",
	"clickhouse": "ClickHouse", "mongodb": "MongoDB", "redis": "Redis",
}

// fileDrivers are the database/sql driver names of database files: own
// code that chooses one (switch driver { case "sqlite3": … }, if driver
// == "sqlite", sql.Open("sqlite3", …)) can keep its data in a file, so a
// server it also connects to is one choice among others, set by its
// configuration. A sqlite name elsewhere (a constant of another setting)
// does not count.
var fileDrivers = []string{"sqlite3", "sqlite"}

// driverName records e when it is a string literal that names a database
// file's driver, in a case or a comparison.
func (s *fileScan) driverName(e ast.Expr) {
	if lit, ok := e.(*ast.BasicLit); ok && lit.Kind == token.STRING {
		if v, err := strconv.Unquote(lit.Value); err == nil && slices.Contains(fileDrivers, v) {
			s.fileDriver(v, lit.Pos())
		}
	}
}

// fileDriver records code that chooses a database file's driver.
func (s *fileScan) fileDriver(name string, pos token.Pos) {
	s.out.fileDrivers = append(s.out.fileDrivers, strFact{name, s.ev(FactDatabase, pos, fmt.Sprintf("chooses the %q driver", name)), s.fn, false})
}

// dbFact is a connect call of an own package.
type dbFact struct {
	db Database
	ev Evidence
	fn string
}

// databaseCall records a call that connects to a database server.
func (s *fileScan) databaseCall(c *ast.CallExpr) {
	p, name, ok := s.pkgSel(c.Fun)
	if !ok {
		return
	}
	for _, o := range sqlOpens {
		if o.pkgPath == p && o.name == name && len(c.Args) == o.driver+2 {
			if kind := s.serverDriver(c.Args[o.driver]); kind != "" {
				s.database(kind, c, c.Args[o.driver+1], fmt.Sprintf("%s.%s with the %s driver", lastElem(p), name, kind))
			}
			return
		}
	}
	for _, d := range dbCalls {
		if d.pkgPath != p || d.name != name {
			continue
		}
		var addr ast.Expr
		if d.arg >= 0 && d.arg < len(c.Args) {
			addr = c.Args[d.arg]
		}
		s.database(d.kind, c, addr, lastElem(p)+"."+name)
		return
	}
}

// serverDriver returns the kind of server every traced value of a driver
// name is, "" when one is not a server's (sqlite: a file, recorded as
// chosen), when they disagree (a driver chosen by a setting), or when none
// is traced.
func (s *fileScan) serverDriver(e ast.Expr) string {
	kind := ""
	for _, v := range s.values.eval(e, s.imports).vals {
		if slices.Contains(fileDrivers, v) {
			s.fileDriver(v, e.Pos())
		}
		k, ok := sqlServerDrivers[v]
		if !ok || kind != "" && k != kind {
			kind = "-"
			continue
		}
		kind = k
	}
	if kind == "-" {
		return ""
	}
	return kind
}

// database records a connect call, with the settings its address comes
// from.
func (s *fileScan) database(kind string, c *ast.CallExpr, addr ast.Expr, call string) {
	db := Database{Kind: kind, Pos: s.where(s.file, c.Pos())}
	detail := fmt.Sprintf("connects to %s (%s)", DatabaseNames[kind], call)
	if addr != nil {
		srcs := slices.DeleteFunc(slices.Clone(s.values.eval(addr, s.imports).srcs), func(src setter) bool { return src.name == "" || !addressSetting(src.name) })
		env, flags := setterNames(srcs)
		db.Env, db.Flags = appendNew(nil, env...), appendNew(nil, flags...)
	}
	if set := db.SetBy(); set != "" {
		detail += "; its address from " + set
	}
	s.out.databases = append(s.out.databases, dbFact{db, s.ev(FactDatabase, c.Pos(), detail), s.fn})
}

// addressSetting reports whether an env var or flag that goes into a
// connection string names where the server is (DATABASE_URL, REDIS_ADDR,
// PGHOST, --dsn), not a credential or another part of it (PGPASSWORD,
// DB_USER).
func addressSetting(name string) bool {
	n := strings.ToUpper(name)
	for _, w := range []string{"PASS", "SECRET", "TOKEN", "KEY", "USER", "CERT"} {
		if strings.Contains(n, w) {
			return false
		}
	}
	for _, w := range []string{"URL", "URI", "DSN", "ADDR", "HOST", "CONN", "DATABASE", "DB", "SERVER", "ENDPOINT", "PG", "MYSQL", "REDIS", "MONGO"} {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}

// lastElem returns the last element of an import path, without a major
// version suffix (github.com/redis/go-redis/v9 → go-redis).
func lastElem(p string) string {
	elems := strings.Split(p, "/")
	last := elems[len(elems)-1]
	if len(elems) > 1 && len(last) > 1 && last[0] == 'v' && strings.Trim(last[1:], "0123456789") == "" {
		last = elems[len(elems)-2]
	}
	return last
}

// SetBy says which settings give the database's address: "$DATABASE_URL
// or --dsn", "" when none was traced.
func (d Database) SetBy() string {
	var by []string
	for _, e := range d.Env {
		by = append(by, "$"+e)
	}
	for _, f := range d.Flags {
		by = append(by, "--"+f)
	}
	return strings.Join(by, " or ")
}

// describeDatabases adds the database servers the main reaches, once per
// kind, with their evidence; none is an empty list, not nil. When the main
// also reaches code that names a database file's driver, each is a choice
// (Choice says where).
func describeDatabases(m *Main, r *reach, facts []*pkgFacts) {
	choice := ""
	for _, f := range facts {
		for _, d := range f.fileDrivers {
			if choice == "" && r.reached(d.fn) {
				choice = d.ev.Pos + " " + d.ev.Detail
			}
		}
	}
	for _, f := range facts {
		for _, d := range f.databases {
			if !r.reached(d.fn) {
				continue
			}
			i := slices.IndexFunc(m.Databases, func(have Database) bool { return have.Kind == d.db.Kind })
			if i < 0 {
				db := d.db
				db.Choice = choice
				m.Databases = append(m.Databases, db)
				m.Evidence = append(m.Evidence, d.ev)
				continue
			}
			have := &m.Databases[i] // the first call's position; every setting of its address
			have.Env = appendNew(have.Env, d.db.Env...)
			have.Flags = appendNew(have.Flags, d.db.Flags...)
		}
	}
	if m.Databases == nil {
		m.Databases = []Database{}
	}
}

// appendNew appends the strings of add that dst does not hold yet.
func appendNew(dst []string, add ...string) []string {
	for _, a := range add {
		if !slices.Contains(dst, a) {
			dst = append(dst, a)
		}
	}
	return dst
}
