package lint

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

func rulesOf(found []Finding) []string {
	var ids []string
	for _, f := range found {
		ids = append(ids, f.Rule)
	}
	return ids
}

// TestCheckDirective checks that "# check=" directives switch rules off
// the way BuildKit's do: for the file at the top, for one instruction in
// the comment right above it.
func TestCheckDirective(t *testing.T) {
	body := []string{
		"FROM golang:1.26-trixie AS build",
		"RUN go build -o /app .",
		"FROM alpine:3.22",
		"COPY --from=build /app /app",
		"USER 65532:65532",
		"CMD /app",
	}
	all := rulesOf(lintString(t, df(body...), Options{}))
	for _, want := range []string{"GoTrimpath", "GoCacheMount", "JSONArgsRecommended"} {
		if !slices.Contains(all, want) {
			t.Fatalf("no %s without directives: %v", want, all)
		}
	}
	tests := []struct {
		name      string
		text      string
		gone      []string
		remaining []string
	}{
		{"skip some", df(append([]string{"# check=skip=GoTrimpath,JSONArgsRecommended"}, body...)...),
			[]string{"GoTrimpath", "JSONArgsRecommended"}, []string{"GoCacheMount"}},
		{"skip all", df(append([]string{"# syntax=docker/dockerfile:1", "# check=skip=all"}, body...)...),
			all, nil},
		{"above one instruction", df(body[0], "# check=skip=GoTrimpath", body[1], body[2], body[3], body[4], body[5]),
			[]string{"GoTrimpath"}, []string{"GoCacheMount", "JSONArgsRecommended"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := rulesOf(lintString(t, tt.text, Options{}))
			for _, r := range tt.gone {
				if slices.Contains(got, r) {
					t.Errorf("%s still reported: %v", r, got)
				}
			}
			for _, r := range tt.remaining {
				if !slices.Contains(got, r) {
					t.Errorf("%s no longer reported: %v", r, got)
				}
			}
		})
	}
}

// TestErrors checks that a Dockerfile that cannot be parsed is an error
// naming the file and, when known, the line.
func TestErrors(t *testing.T) {
	tests := []struct {
		text string
		want string
	}{
		{"", "Dockerfile: empty Dockerfile"},
		{"# just a comment\n", "Dockerfile:"},
		{"FROM alpine:3.22\nFORM alpine\n", "Dockerfile:2: unknown instruction: FORM"},
		{"RUN echo hi\n", "Dockerfile:1: no build stage in current context"},
		{"# check=skip\nFROM alpine:3.22\n", "Dockerfile:1: # check= directive"},
		{"FROM alpine:3.22\nEXPOSE http\n", "Dockerfile:2: invalid containerPort: http"},
		{"FROM alpine:3.22\x00\n", "Dockerfile:1: not a text file"},
	}
	for _, tt := range tests {
		_, err := Lint("Dockerfile", []byte(tt.text), Options{})
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("Lint(%q) = %v, want one line starting %q", tt.text, err, tt.want)
		}
	}
}

// TestFix checks each mechanical fix, that the result parses, that fixing
// again changes nothing, and what is left for a person.
func TestFix(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
		left []string // rules still reported after the fix
	}{
		{"casing",
			df("FROM alpine:3.22 as base", "run echo hi", "USER 65532:65532"),
			df("FROM alpine:3.22 AS base", "RUN echo hi", "USER 65532:65532"), nil},
		{"mixed-case FROM, then AS",
			df("From alpine:3.22 as base", "RUN echo hi", "USER 65532:65532"),
			df("FROM alpine:3.22 AS base", "RUN echo hi", "USER 65532:65532"), nil},
		{"stage name",
			df("FROM alpine:3.22 AS Base", "RUN echo hi", "FROM gcr.io/distroless/static-debian13:nonroot", "COPY --from=Base /etc/os-release /etc/", `CMD ["/bin/true"]`),
			df("FROM alpine:3.22 AS base", "RUN echo hi", "FROM gcr.io/distroless/static-debian13:nonroot", "COPY --from=Base /etc/os-release /etc/", `CMD ["/bin/true"]`), nil},
		{"exec form",
			df("FROM alpine:3.22", "USER 65532:65532", "ENTRYPOINT /usr/local/bin/app --serve :8080"),
			df("FROM alpine:3.22", "USER 65532:65532", `ENTRYPOINT ["/usr/local/bin/app","--serve",":8080"]`), nil},
		{"shell features stay",
			df("FROM alpine:3.22", "USER 65532:65532", "CMD /app || exec /bin/sh"),
			df("FROM alpine:3.22", "USER 65532:65532", "CMD /app || exec /bin/sh"), []string{"JSONArgsRecommended"}},
		{"shell health check on distroless",
			df("FROM gcr.io/distroless/static-debian13:nonroot", "HEALTHCHECK --interval=10s CMD /app -health"),
			df("FROM gcr.io/distroless/static-debian13:nonroot", `HEALTHCHECK --interval=10s CMD ["/app","-health"]`), nil},
		{"key=value",
			df("FROM alpine:3.22", "ENV MODE production ready", "LABEL team platform", "USER 65532:65532"),
			df("FROM alpine:3.22", `ENV MODE="production ready"`, "LABEL team=platform", "USER 65532:65532"), nil},
		{"key=value: a form feed, a vertical tab or a no-break space in the line leaves it alone; a CRLF does not",
			df("FROM alpine:3.22", "ENV A 0\f1", "ENV B\vc d", "LABEL team a\u00a0b", "ENV MODE production\r", "USER 65532:65532"),
			df("FROM alpine:3.22", "ENV A 0\f1", "ENV B\vc d", "LABEL team a\u00a0b", "ENV MODE=production\r", "USER 65532:65532"), []string{"LegacyKeyValueFormat", "LegacyKeyValueFormat", "LegacyKeyValueFormat"}},
		{"key=value under escape=`: a value with the escape character is left alone",
			df("# escape=`", "FROM alpine:3.22", "ENV A x` y", "ENV B two words", "USER 65532:65532"),
			df("# escape=`", "FROM alpine:3.22", "ENV A x` y", `ENV B="two words"`, "USER 65532:65532"), []string{"LegacyKeyValueFormat"}},
		{"maintainer",
			df("FROM alpine:3.22", "MAINTAINER Jo <jo@example.org>", "USER 65532:65532"),
			df("FROM alpine:3.22", `LABEL org.opencontainers.image.authors="Jo <jo@example.org>"`, "USER 65532:65532"), nil},
		{"expose and platform",
			df("FROM --platform=$TARGETPLATFORM alpine:3.22", "EXPOSE 8080/TCP 9090/Udp", "USER 65532:65532"),
			df("FROM alpine:3.22", "EXPOSE 8080/tcp 9090/udp", "USER 65532:65532"), nil},
		{"empty continuation",
			df("FROM alpine:3.22", "RUN echo one && \\", "", "    echo two", "USER 65532:65532"),
			df("FROM alpine:3.22", "RUN echo one && \\", "    echo two", "USER 65532:65532"), nil},
		{"trimpath",
			df("FROM --platform=$BUILDPLATFORM golang:1.26-trixie AS build", "ARG TARGETARCH", "ENV GOARCH=$TARGETARCH", "RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build \\", "    CGO_ENABLED=0 go build -o /out/app .",
				"FROM scratch", "# no TLS: no CA certificates", "COPY --from=build /out/app /app", "USER 65532:65532", `ENTRYPOINT ["/app"]`),
			df("FROM --platform=$BUILDPLATFORM golang:1.26-trixie AS build", "ARG TARGETARCH", "ENV GOARCH=$TARGETARCH", "RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build \\", "    CGO_ENABLED=0 go build -trimpath -o /out/app .",
				"FROM scratch", "# no TLS: no CA certificates", "COPY --from=build /out/app /app", "USER 65532:65532", `ENTRYPOINT ["/app"]`), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, n, err := Fix("Dockerfile", []byte(tt.in), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("fixed:\n%s\nwant:\n%s", got, tt.want)
			}
			if tt.in != tt.want && n == 0 {
				t.Errorf("Fix reported nothing fixed")
			}
			again, n2, err := Fix("Dockerfile", got, Options{})
			if err != nil || string(again) != string(got) || n2 != 0 {
				t.Errorf("fixing again: %d fixed, err %v, changed %v", n2, err, string(again) != string(got))
			}
			left := lintString(t, string(got), Options{})
			if ids := rulesOf(left); !slices.Equal(ids, tt.left) {
				t.Errorf("left after the fix: %v, want %v\n%s", ids, tt.left, dump(left))
			}
			for _, f := range left {
				if f.Fixable {
					t.Errorf("still fixable after Fix: %s", f)
				}
			}
		})
	}
}

// TestRulesDocumented checks that docs/lint.md has a section for every rule
// (the anchor the Go rules link to), and says for each rule that cannot be
// fixed why not.
func TestRulesDocumented(t *testing.T) {
	data, err := os.ReadFile("../../docs/lint.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	for _, r := range Rules {
		if !regexp.MustCompile(`(?m)^### ` + r.ID + `$`).MatchString(text) {
			t.Errorf("docs/lint.md has no \"### %s\" section", r.ID)
		}
		if r.Go && !strings.HasPrefix(r.URL, DocsURL+"#"+strings.ToLower(r.ID)) {
			t.Errorf("%s links to %s", r.ID, r.URL)
		}
	}
	_, manual, ok := strings.Cut(text, "## Rules --fix cannot fix")
	if !ok {
		t.Fatal(`docs/lint.md has no "## Rules --fix cannot fix" section`)
	}
	manual, _, _ = strings.Cut(manual, "\n## ")
	for _, r := range Rules {
		listed := strings.Contains(manual, "**"+r.ID+"**")
		if !r.Fixable && !listed {
			t.Errorf("%s cannot be fixed but is not in the list of rules --fix cannot fix", r.ID)
		}
		if r.Fixable && listed {
			t.Errorf("%s can be fixed but is in the list of rules --fix cannot fix", r.ID)
		}
	}
}
