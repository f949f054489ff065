// Command reports renders a daily report in the office's time zone. It needs
// zoneinfo (time.LoadLocation), a writable temporary directory, and its
// templates directory at run time.
package main

import (
	"html/template"
	"log"
	"net/http"
	"os"
	"time"
)

func main() {
	zone := os.Getenv("REPORT_TZ")
	if zone == "" {
		zone = "Europe/Paris"
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		log.Fatalf("time zone %s: %v", zone, err)
	}
	tmpl := template.Must(template.ParseGlob("templates/*.tmpl"))

	http.HandleFunc("/health", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("ok\n"))
	})
	http.HandleFunc("/report", func(w http.ResponseWriter, r *http.Request) {
		// Render to a temporary file first, so a failed render sends nothing.
		f, err := os.CreateTemp("", "report-*.html")
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		defer os.Remove(f.Name())
		defer f.Close()
		data := struct {
			Zone string
			Now  string
		}{zone, time.Now().In(loc).Format(time.RFC1123)}
		if err := tmpl.ExecuteTemplate(f, "report.tmpl", data); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		http.ServeFile(w, r, f.Name())
	})
	log.Printf("reports for %s listening on :8082", loc)
	log.Fatal(http.ListenAndServe("0.0.0.0:8082", nil))
}
