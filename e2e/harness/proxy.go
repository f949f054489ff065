package harness

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"sync/atomic"
	"time"
)

// DefaultProxyPort is the loopback port of the module proxy. A fixed port
// keeps the builder stand-in's GOPROXY, and so the BuildKit cache, the same
// from one run to the next; DOCKGEN_E2E_GOPROXY_PORT changes it, and a busy
// port falls back to any free one.
const DefaultProxyPort = 47231

// ModuleProxy stands in for proxy.golang.org: it serves this machine's module
// download cache ($GOMODCACHE/cache/download, which has the GOPROXY layout)
// over HTTP on a loopback address, so that `go mod download` inside a build
// works with no network but loopback.
type ModuleProxy struct {
	URL      string // http://127.0.0.1:PORT
	Dir      string // the directory served
	requests atomic.Int64
	srv      *http.Server
}

// StartModuleProxy serves dir on a loopback port.
func StartModuleProxy(dir string) (*ModuleProxy, error) {
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return nil, fmt.Errorf("module download cache %s is missing: run go mod download in the examples first", dir)
	}
	port := DefaultProxyPort
	if s := os.Getenv("DOCKGEN_E2E_GOPROXY_PORT"); s != "" {
		p, err := strconv.Atoi(s)
		if err != nil {
			return nil, fmt.Errorf("DOCKGEN_E2E_GOPROXY_PORT=%q: not a port number", s)
		}
		port = p
	}
	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		ln, err = net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
	}
	p := &ModuleProxy{
		URL: "http://" + ln.Addr().String(),
		Dir: dir,
	}
	files := http.FileServer(http.Dir(dir))
	p.srv = &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			p.requests.Add(1)
			if r.Method != http.MethodGet && r.Method != http.MethodHead {
				http.Error(w, "read-only module proxy", http.StatusMethodNotAllowed)
				return
			}
			files.ServeHTTP(w, r)
		}),
		ReadHeaderTimeout: 10 * time.Second,
	}
	go p.srv.Serve(ln)
	return p, nil
}

// Requests is the number of requests served so far.
func (p *ModuleProxy) Requests() int64 { return p.requests.Load() }

// Close stops the proxy.
func (p *ModuleProxy) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := p.srv.Shutdown(ctx)
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// ModCacheDownloadDir is the GOPROXY-layout part of a module cache.
func ModCacheDownloadDir(gomodcache string) string {
	return filepath.Join(gomodcache, "cache", "download")
}
