// Command notes keeps notes in SQLite through github.com/mattn/go-sqlite3,
// a cgo package: it cannot be built with CGO_ENABLED=0, and the image must
// be able to run a binary linked against a C library.
package main

import (
	"database/sql"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"path/filepath"

	_ "github.com/mattn/go-sqlite3"
)

var version = "dev"

func main() {
	dbPath := os.Getenv("NOTES_DB")
	if dbPath == "" {
		dbPath = filepath.Join(os.TempDir(), "notes.db")
	}
	db, err := sql.Open("sqlite3", dbPath)
	if err != nil {
		log.Fatal(err)
	}
	if _, err := db.Exec(`CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, body TEXT)`); err != nil {
		log.Fatal(err)
	}
	http.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
		if err := db.Ping(); err != nil {
			http.Error(w, err.Error(), http.StatusServiceUnavailable)
			return
		}
		var v string
		db.QueryRow(`SELECT sqlite_version()`).Scan(&v)
		fmt.Fprintf(w, "ok sqlite %s\n", v)
	})
	http.HandleFunc("/notes", func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			body, _ := io.ReadAll(r.Body)
			if _, err := db.Exec(`INSERT INTO notes (body) VALUES (?)`, string(body)); err != nil {
				http.Error(w, err.Error(), http.StatusInternalServerError)
				return
			}
		}
		rows, err := db.Query(`SELECT id, body FROM notes ORDER BY id`)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		defer rows.Close()
		for rows.Next() {
			var id int
			var body string
			rows.Scan(&id, &body)
			fmt.Fprintf(w, "%d\t%s\n", id, body)
		}
	})
	log.Printf("notes %s on :8083, database %s", version, dbPath)
	log.Fatal(http.ListenAndServe(":8083", nil))
}
