package analyze

import (
	"go/ast"
	"go/token"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// This file traces configuration defaults to listen addresses: struct tag
// defaults (envconfig, env, cleanenv, go-flags, kong), viper.SetDefault,
// flag definitions on any flag set (flag, pflag, cobra's Flags(), kingpin's
// Default chain, urfave/cli flag literals) and the getters that read them
// back (viper.GetString("port"), c.String("port"), cmd.Flags().GetInt("port")).
// It also remembers which environment variable or flag sets a name, so the
// plan can set a listen address for the container.

// keyPrefix names a configuration key (a flag or viper key) in the values
// of a package, apart from variable and field names.
const keyPrefix = "key:"

// setter is an environment variable or a flag that sets a value.
type setter struct {
	kind string // "env" or "flag"
	name string
}

// configMeta holds, for one file, which environment variable or flag sets
// a variable, field or key.
type configMeta struct {
	sources map[string][]setter // variable, field, keyPrefix+key or envTablePrefix+VAR → sources
	// readsEnv says the file reads environment variables by a name it
	// computes (os.Environ(), os.Getenv(name)): what a table keyed by
	// their names needs to be filled from them.
	readsEnv bool
}

func (m *configMeta) add(name string, src setter) {
	if name == "" || src.name == "" {
		return
	}
	for _, s := range m.sources[name] {
		if s == src {
			return
		}
	}
	m.sources[name] = append(m.sources[name], src)
}

// defaultTags are struct tag keys that hold a field's default value, in the
// order they are looked up: the first present wins.
var defaultTags = []string{"default", "envDefault", "env-default"}

// envTags and flagTags are struct tag keys naming the environment variable
// or flag that sets a field.
var (
	envTags  = []string{"envconfig", "env"}
	flagTags = []string{"long", "flag"}
)

// flagDefs are flag-definition method names and the index of their default
// argument; the name is always the argument before the default, or the
// first one for P and Var forms (flag, pflag, cobra).
var flagKinds = []string{"String", "Int", "Int64", "Int32", "Uint", "Uint64", "Uint32", "Uint16", "Bool", "Duration", "Float64"}

// flagDef reports whether a call defines a flag, and returns the indexes of
// its name, its default and the variable it stores into (-1 for none):
// String(name, def, usage), StringP(name, short, def, usage),
// StringVar(&v, name, def, usage), StringVarP(&v, name, short, def, usage).
func flagDef(c *ast.CallExpr) (nameArg, defArg, varArg int, ok bool) {
	sel, isSel := c.Fun.(*ast.SelectorExpr)
	if !isSel {
		return 0, 0, 0, false
	}
	name := sel.Sel.Name
	for _, k := range flagKinds {
		rest, found := strings.CutPrefix(name, k)
		if !found {
			continue
		}
		switch {
		case rest == "" && len(c.Args) == 3:
			return 0, 1, -1, isStringLit(c.Args[0])
		case rest == "P" && len(c.Args) == 4:
			return 0, 2, -1, isStringLit(c.Args[0])
		case rest == "Var" && len(c.Args) == 4:
			return 1, 2, 0, isStringLit(c.Args[1])
		case rest == "VarP" && len(c.Args) == 5:
			return 1, 3, 0, isStringLit(c.Args[1])
		}
	}
	return 0, 0, 0, false
}

// getterNames are methods that read a flag or configuration key back by
// name: viper.GetString("port"), c.String("port") and c.Path("config")
// (urfave/cli), cmd.Flags().GetInt("port") (cobra).
var getterNames = []string{"GetString", "GetInt", "GetInt64", "GetUint", "GetUint16", "Get", "String", "Int", "Int64", "Uint", "Value", "Path"}

func isStringLit(e ast.Expr) bool {
	lit, ok := e.(*ast.BasicLit)
	return ok && lit.Kind == token.STRING
}

func stringLit(e ast.Expr) string {
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return ""
	}
	v, err := strconv.Unquote(lit.Value)
	if err != nil {
		return ""
	}
	return v
}

// synthLit makes a string literal standing for a default found in a tag.
func synthLit(v string, pos token.Pos) *ast.BasicLit {
	return &ast.BasicLit{ValuePos: pos, Kind: token.STRING, Value: strconv.Quote(v)}
}

func newConfigMeta() *configMeta {
	return &configMeta{sources: map[string][]setter{}}
}

// collectConfig adds the defaults of configuration libraries in f to the
// values of its package through add, and records in meta where each name
// can be set from.
func collectConfig(f *ast.File, imports map[string]string, add func(string, ast.Expr), meta *configMeta) {
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.Field:
			collectTags(n, add, meta)
		case *ast.CompositeLit:
			collectLiteral(n, add, meta)
		case *ast.CallExpr:
			collectCall(n, add, meta)
			meta.readsEnv = meta.readsEnv || readsEnvByName(imports, n)
		case *ast.AssignStmt:
			// addr, err := cmd.Flags().GetString("addr"): the first
			// result is the value.
			if len(n.Rhs) == 1 && len(n.Lhs) > 1 {
				if _, ok := n.Rhs[0].(*ast.CallExpr); ok {
					if id := assignedName(n.Lhs[0]); id != "" {
						add(id, n.Rhs[0])
					}
				}
			}
		}
		return true
	})
}

// fieldTag returns the tag of a named struct field.
func fieldTag(field *ast.Field) (reflect.StructTag, bool) {
	if field.Tag == nil || len(field.Names) == 0 {
		return "", false
	}
	raw, err := strconv.Unquote(field.Tag.Value)
	if err != nil {
		return "", false
	}
	return reflect.StructTag(raw), true
}

// collectTags reads `default:"8080"` and the env or flag name of a field.
func collectTags(field *ast.Field, add func(string, ast.Expr), meta *configMeta) {
	tag, ok := fieldTag(field)
	if !ok {
		return
	}
	for _, name := range field.Names {
		for _, k := range defaultTags {
			if v, ok := tag.Lookup(k); ok {
				add(name.Name, synthLit(v, field.Tag.Pos()))
				break
			}
		}
		for _, k := range envTags {
			if v, ok := tag.Lookup(k); ok {
				meta.add(name.Name, setter{"env", strings.Split(v, ",")[0]})
			}
		}
		for _, k := range flagTags {
			if v, ok := tag.Lookup(k); ok {
				meta.add(name.Name, setter{"flag", strings.Split(v, ",")[0]})
			}
		}
	}
}

// collectLiteral reads keyed composite literals: every Key: value is a
// value of the field Key (Config{Addr: "127.0.0.1:8080"}), and urfave/cli
// flags (&cli.StringFlag{Name: "addr", Value: ":8080", EnvVars: […]}) give
// their key a default and sources.
func collectLiteral(cl *ast.CompositeLit, add func(string, ast.Expr), meta *configMeta) {
	var flagName string
	var value ast.Expr
	var envs []string
	var dest string
	for _, elt := range cl.Elts {
		kv, ok := elt.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		if env := stringLit(kv.Key); envTableKeyRE.MatchString(env) {
			tableEntry(env, kv.Value, add, meta)
			continue
		}
		key, ok := kv.Key.(*ast.Ident)
		if !ok {
			continue
		}
		switch _, isFunc := kv.Value.(*ast.FuncLit); {
		case isFunc:
		default:
			add(key.Name, kv.Value)
		}
		switch key.Name {
		case "Name":
			flagName = stringLit(kv.Value)
		case "Value":
			value = kv.Value
		case "EnvVar":
			envs = append(envs, strings.Split(stringLit(kv.Value), ",")...)
		case "EnvVars", "Sources":
			ast.Inspect(kv.Value, func(n ast.Node) bool {
				if v := stringLit(asExpr(n)); v != "" {
					envs = append(envs, v)
				}
				return true
			})
		case "Destination":
			if u, ok := kv.Value.(*ast.UnaryExpr); ok && u.Op == token.AND {
				dest = assignedName(u.X)
			}
		}
	}
	if flagName == "" || !strings.HasSuffix(lastName(cl.Type), "Flag") {
		return
	}
	if value != nil {
		add(keyPrefix+strings.ToLower(flagName), value)
		if dest != "" {
			add(dest, value)
		}
	}
	for _, name := range []string{keyPrefix + strings.ToLower(flagName), dest} {
		meta.add(name, setter{"flag", flagName})
		for _, e := range envs {
			meta.add(name, setter{"env", strings.TrimSpace(e)})
		}
	}
}

// envTablePrefix names an entry of a table keyed by environment variable
// names in the values of a package, apart from configuration keys.
const envTablePrefix = "envtable:"

// readsEnvByName reports whether c reads the environment by a name the
// code computes: os.Environ(), or os.Getenv or os.LookupEnv of anything
// but a literal.
func readsEnvByName(imports map[string]string, c *ast.CallExpr) bool {
	if _, ok := getenvCall(imports, c); ok {
		return !isStringLit(c.Args[0])
	}
	p, name, ok := qualified(imports, c.Fun)
	return ok && p == "os" && name == "Environ"
}

// envTableKeyRE matches the keys of a table of options keyed by the
// environment variables that set them ("DATABASE_URL": {…}): capitals and
// digits, with at least one underscore, so that tables of HTTP methods or
// log levels ("GET", "DEBUG") are not taken for one.
var envTableKeyRE = regexp.MustCompile(`^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$`)

// tableEntry records an entry of such a table: the variable sets it, and a
// string default is its value. Code reads it back as
// table["DATABASE_URL"] (tableIndex).
func tableEntry(env string, value ast.Expr, add func(string, ast.Expr), meta *configMeta) {
	key := envTablePrefix + env
	meta.add(key, setter{"env", env})
	if isStringLit(value) {
		add(key, value)
	}
}

// tableIndex returns the entry of a table keyed by environment variables
// that e reads: options["DATABASE_URL"], or a field of it
// (options["DATABASE_URL"].parsedStringValue), with the variable as its
// setter; false when e is no such read, the package has no such entry, or
// it reads no environment variable by a computed name (then the table is
// filled from elsewhere: a file, a help text).
func (ev *evaluator) tableIndex(e ast.Expr) (result, bool) {
	if sel, ok := e.(*ast.SelectorExpr); ok {
		e = sel.X
	}
	ix, ok := e.(*ast.IndexExpr)
	if !ok {
		return result{}, false
	}
	env := stringLit(ix.Index)
	if !envTableKeyRE.MatchString(env) {
		return result{}, false
	}
	r := ev.name(envTablePrefix + env)
	return r, len(r.srcs) > 0 && ev.readsEnvByName()
}

// readsEnvByName reports whether a file of the package reads environment
// variables by computed names (configMeta.readsEnv).
func (ev *evaluator) readsEnvByName() bool {
	for i, ef := range ev.files {
		ev.parse(i)
		if ef.meta != nil && ef.meta.readsEnv {
			return true
		}
	}
	return false
}

func asExpr(n ast.Node) ast.Expr {
	e, _ := n.(ast.Expr)
	return e
}

// collectCall reads viper.SetDefault, viper.BindEnv and flag definitions.
func collectCall(c *ast.CallExpr, add func(string, ast.Expr), meta *configMeta) {
	sel, ok := c.Fun.(*ast.SelectorExpr)
	if !ok {
		return
	}
	switch sel.Sel.Name {
	case "SetDefault":
		if len(c.Args) == 2 {
			if k := stringLit(c.Args[0]); k != "" {
				add(keyPrefix+strings.ToLower(k), c.Args[1])
			}
		}
		return
	case "BindEnv":
		if len(c.Args) == 2 {
			meta.add(keyPrefix+strings.ToLower(stringLit(c.Args[0])), setter{"env", stringLit(c.Args[1])})
		}
		return
	}
	nameArg, defArg, varArg, ok := flagDef(c)
	if !ok {
		return
	}
	name := stringLit(c.Args[nameArg])
	add(keyPrefix+strings.ToLower(name), c.Args[defArg])
	meta.add(keyPrefix+strings.ToLower(name), setter{"flag", name})
	if varArg >= 0 {
		if u, ok := c.Args[varArg].(*ast.UnaryExpr); ok && u.Op == token.AND {
			if v := assignedName(u.X); v != "" {
				add(v, c.Args[defArg])
				meta.add(v, setter{"flag", name})
			}
		}
	}
}

// configCall evaluates calls that define or read configuration: a flag
// definition gives its default, a getter the defaults of its key, and
// kingpin's Flag(…).Default(v).String() gives v. It reports false for other
// calls.
func (ev *evaluator) configCall(c *ast.CallExpr, imports map[string]string) (result, bool) {
	sel, ok := c.Fun.(*ast.SelectorExpr)
	if !ok {
		return result{}, false
	}
	if _, _, _, ok := flagDef(c); ok {
		return ev.flagDefault(c, imports), true
	}
	if len(c.Args) == 1 && isStringLit(c.Args[0]) && slices.Contains(getterNames, sel.Sel.Name) {
		return ev.name(keyPrefix + strings.ToLower(stringLit(c.Args[0]))), true
	}
	if len(c.Args) == 0 {
		// kingpin: Flag("addr", "…").Envar("ADDR").Default(":8080").String()
		var srcs []setter
		for x := sel.X; ; {
			inner, ok := x.(*ast.CallExpr)
			if !ok {
				break
			}
			isel, ok := inner.Fun.(*ast.SelectorExpr)
			if !ok || len(inner.Args) == 0 {
				break
			}
			switch isel.Sel.Name {
			case "Envar":
				srcs = append(srcs, setter{"env", stringLit(inner.Args[0])})
			case "Flag":
				srcs = append(srcs, setter{"flag", stringLit(inner.Args[0])})
			}
			x = isel.X
		}
		for x := sel.X; ; {
			inner, ok := x.(*ast.CallExpr)
			if !ok {
				break
			}
			isel, ok := inner.Fun.(*ast.SelectorExpr)
			if !ok {
				break
			}
			if isel.Sel.Name == "Default" && len(inner.Args) >= 1 {
				out := ev.expr(inner.Args[0], imports)
				ev.met(&out, srcs)
				return out, true
			}
			x = isel.X
		}
	}
	return result{}, false
}

// addrFlags returns the defaults of the flags met on res's trace whose
// default is a whole listen address (--bind=127.0.0.1:9014), and their
// names. Run with no arguments, an expression such a flag sets takes its
// default: other values traced for it (another address copied in on a
// path that needs other arguments) are not what the binary listens on by
// default.
func (ev *evaluator) addrFlags(res result) (defaults, names []string) {
	for _, d := range res.defs {
		for _, v := range ev.flagValues(d) {
			if addrRE.MatchString(v) {
				defaults = append(defaults, v)
				if !slices.Contains(names, d.name) {
					names = append(names, d.name)
				}
			}
		}
	}
	return defaults, names
}

// flagValues returns the default values of a flag, from the own package
// that defines it only: a flag of the same name in another package is
// another flag.
func (ev *evaluator) flagValues(d flagAt) []string {
	o := ev
	if d.pkg != ev.pkgPath {
		if ev.set == nil || ev.set.byPath[d.pkg] == nil {
			return nil
		}
		o = ev.set.byPath[d.pkg]
	}
	scope := o.scope
	o.left, o.scope = o.budget, nil // the default is a package-level name
	defer func() { o.scope = scope }()
	return o.name(keyPrefix + strings.ToLower(d.name)).vals
}
