// Package report renders labrun's findings for people and for machines:
// extraction records and, later in the pipeline, snippet verdicts as text,
// JSON, JUnit, Markdown and HTML, and the verdicts worth a look (fails,
// drifted output, blocked snippets) as SARIF for code scanning and as
// GitHub Actions annotations. Every reporter is a function of an
// io.Writer and the records; the JSON shapes are a documented protocol.
package report
