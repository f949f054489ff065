package dockerfile

import "testing"

func TestGoImageVersion(t *testing.T) {
	tests := []struct {
		image, want string
		ok          bool
	}{
		{"golang:1.26", "1.26", true},
		{"golang:1.25.3-alpine", "1.25.3", true},
		{"golang:1.27rc1-trixie", "1.27rc1", true},
		{"docker.io/library/golang:1.24.0@sha256:abc", "1.24.0", true},
		{"mirror.example/golang:1.22", "1.22", true},
		{"golang:latest", "", false},
		{"golang:alpine", "", false},
		{"golang", "", false},
		{"golang:1.22foo", "", false},
		{"notgolang:1.22", "", false},
		{"alpine:3.22", "", false},
	}
	for _, tt := range tests {
		got, ok := GoImageVersion(tt.image)
		if got != tt.want || ok != tt.ok {
			t.Errorf("GoImageVersion(%q) = %q, %v, want %q, %v", tt.image, got, ok, tt.want, tt.ok)
		}
	}
}

func TestGoOlder(t *testing.T) {
	tests := []struct {
		tag, need string
		older     bool
	}{
		{"1.22", "1.22.5", false}, // floats to the newest 1.22.x
		{"1.22", "1.23.0", true},
		{"1.22.1", "1.22.5", true},
		{"1.26.0", "1.26.0", false},
		{"1.27rc1", "1.27.0", true}, // a prerelease is not the release
		{"1.27rc1", "1.26", false},
	}
	for _, tt := range tests {
		if got := GoOlder(tt.tag, tt.need); got != tt.older {
			t.Errorf("GoOlder(%q, %q) = %v, want %v", tt.tag, tt.need, got, tt.older)
		}
	}
}

func TestAssignment(t *testing.T) {
	tests := []struct {
		script, want string
		ok           bool
	}{
		{"CGO_ENABLED=0 go build .", "0", true},
		{`export CGO_ENABLED="1" && go build .`, "1", true},
		{"CGO_ENABLED=1 go vet . && CGO_ENABLED='0' go build .", "0", true}, // the last one
		{"MY_CGO_ENABLED=0 go build .", "", false},
		{"go build .", "", false},
	}
	for _, tt := range tests {
		got, ok := Assignment(tt.script, "CGO_ENABLED")
		if got != tt.want || ok != tt.ok {
			t.Errorf("Assignment(%q) = %q, %v, want %q, %v", tt.script, got, ok, tt.want, tt.ok)
		}
	}
}
