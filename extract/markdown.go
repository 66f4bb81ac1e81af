package extract

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// mdParser is goldmark's CommonMark parser less the work whose result
// extraction never reads. Each saving leaves the snippets, their lines and
// their talks as goldmark's full parser gives them, which
// TestParserMatchesGoldmark and FuzzNote check:
//   - a paragraph with neither a backtick nor a '<' is not parsed inline
//     (proseSkipper): it can hold no code span and no raw HTML, and its
//     lines are read from the block;
//   - emphasis is parsed in headings only (inHeadings), where it shapes a
//     talk's title;
//   - link reference definitions are looked for only in paragraphs that
//     can start with one (linkRefsOnly).
//
// Code spans, raw HTML, links and autolinks are parsed as goldmark parses
// them wherever they can be, since they decide what is a code span:
// [a](`b`) is a link, not code. The parser is safe for concurrent use.
var mdParser = parser.NewParser(
	parser.WithBlockParsers(parser.DefaultBlockParsers()...),
	parser.WithInlineParsers(inlineParsers()...),
	parser.WithParagraphTransformers(util.Prioritized(linkRefsOnly{parser.LinkReferenceParagraphTransformer}, 100)),
)

// inlineParsers are goldmark's, emphasis confined to headings, and the
// prose skipper.
func inlineParsers() []util.PrioritizedValue {
	ps := parser.DefaultInlineParsers()
	for i, p := range ps {
		if p.Value == parser.NewEmphasisParser() {
			ps[i].Value = inHeadings{p.Value.(parser.InlineParser)}
		}
	}
	return append(ps, util.Prioritized(proseSkipper{}, 1000))
}

// proseSkipper ends the inline parse of a paragraph of prose: one with
// neither a backtick nor a '<'. goldmark offers each white space of a line,
// and its first character when that is not punctuation, to the parsers
// triggered by ' '. Offered a paragraph of prose, the skipper takes the
// rest of it as one prose node, which the walk passes over. A paragraph it
// has found not to be prose is remembered in the parse's context, so that
// it looks at each paragraph's lines once, not once per space.
type proseSkipper struct{}

var (
	notProseKey = parser.NewContextKey()
	kindProse   = ast.NewNodeKind("Prose")
)

func (proseSkipper) Trigger() []byte { return []byte{' '} }

func (proseSkipper) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	if k := parent.Kind(); k != ast.KindParagraph && k != ast.KindTextBlock {
		return nil
	}
	if pc.Get(notProseKey) == parent {
		return nil
	}
	src := block.Source()
	lines := parent.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		if v := seg.Value(src); bytes.IndexByte(v, '`') >= 0 || bytes.IndexByte(v, '<') >= 0 {
			pc.Set(notProseKey, parent)
			return nil
		}
	}
	for line, _ := block.PeekLine(); line != nil; line, _ = block.PeekLine() {
		block.AdvanceLine()
	}
	return &prose{}
}

// prose stands for the part of a paragraph that was not parsed inline.
type prose struct{ ast.BaseInline }

func (*prose) Kind() ast.NodeKind { return kindProse }

func (p *prose) Dump(src []byte, level int) { ast.DumpHelper(p, src, level, nil, nil) }

// inHeadings runs an inline parser in headings only; elsewhere its trigger
// characters stay text. Emphasis binds more loosely than code spans, links
// and raw HTML, so leaving it out of paragraphs changes none of those.
type inHeadings struct{ parser.InlineParser }

func (p inHeadings) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	if parent.Kind() != ast.KindHeading {
		return nil
	}
	return p.InlineParser.Parse(parent, block, pc)
}

// linkRefsOnly runs the link reference transformer only on paragraphs
// whose first line's first non-blank character is '[': on any other, the
// transformer finds no definition and leaves the paragraph as it was, after
// making a reader for it.
type linkRefsOnly struct{ parser.ParagraphTransformer }

func (t linkRefsOnly) Transform(node *ast.Paragraph, reader text.Reader, pc parser.Context) {
	if lines := node.Lines(); lines.Len() > 0 {
		seg := lines.At(0)
		first := seg.Value(reader.Source())
		// What the transformer skips before it looks for '['.
		i := 0
		for i < len(first) && util.IsSpace(first[i]) {
			i++
		}
		if i < len(first) && first[i] != '[' {
			return
		}
	}
	t.ParagraphTransformer.Transform(node, reader, pc)
}

// markdown extracts the snippets of a Markdown note: a deck's slides
// that a fence left open would swallow are parsed on their own (see
// slideRestarts), one walk carrying on from one part to the next.
func markdown(n *note, p parser.Parser) {
	w := &mdWalker{note: n}
	from := 0
	for _, to := range append(slideRestarts(n.src), len(n.src.text)) {
		doc := p.Parse(readerAt(n.src.text[:to], from))
		w.slideEnd = to < len(n.src.text)
		_ = ast.Walk(doc, w.visit)
		from = to
	}
}

// readerAt is a reader of src from offset from, the start of a line, so
// that the nodes of a part of a note hold the note's own offsets.
func readerAt(src []byte, from int) text.Reader {
	r := text.NewReader(src)
	if from > 0 {
		r.SetPosition(0, text.NewSegment(from, from))
		r.AdvanceLine()
	}
	return r
}

type mdWalker struct {
	*note
	pending    *Annotations // from a labrun comment right before the next block
	inlineNote *Annotations // from a labrun comment inside a paragraph
	paraStart  int          // where the paragraph being walked starts in the source
	lines      []line       // a paragraph's lines, a buffer reused
	slideEnd   bool         // the part being walked ends with its slide, at a separator
}

// visit is the walk's ast.Walker: it reads each top-level block of the
// note, and of its lists and block quotes, in order, and keeps what one
// block tells of the next (a pending labrun comment, a caption, prose that
// introduces a block or says it runs until stopped).
func (w *mdWalker) visit(node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	switch node := node.(type) {
	case *ast.Document, *ast.List, *ast.ListItem, *ast.Blockquote:
		return ast.WalkContinue, nil
	case *ast.Heading:
		w.enterHeading(node)
		return ast.WalkSkipChildren, nil
	case *ast.HTMLBlock:
		if a, ok := ParseComment(string(blockText(node, w.src.text))); ok {
			w.pending = &a
		}
		return ast.WalkSkipChildren, nil
	case *ast.FencedCodeBlock:
		w.fencedCodeBlock(node)
		return ast.WalkSkipChildren, nil
	case *ast.CodeBlock:
		w.codeBlock(node, Indented, "", Annotations{})
		return ast.WalkSkipChildren, nil
	case *ast.Paragraph, *ast.TextBlock:
		w.enterParagraph(node)
		return ast.WalkSkipChildren, nil
	case *ast.ThematicBreak:
		if atTop(node) {
			w.outline.breaks++
		}
	}
	w.pending = nil
	w.caption, w.introduced, w.stopped, w.lastBlock = "", false, false, -1
	w.partial = false
	return ast.WalkSkipChildren, nil
}

// enterHeading records a heading, for the talks and, at the top level,
// for the outline, and starts a section: a file name in its title
// captions the next block, the host it names is the reader's, and nothing
// said before it (a comment, an introduction, a Ctrl-C) carries past it.
func (w *mdWalker) enterHeading(node *ast.Heading) {
	title := plainText(node, w.src.text)
	w.headings = append(w.headings, heading{level: node.Level, title: title, at: len(w.out)})
	if atTop(node) {
		w.outline.heading(node.Level, title)
	}
	w.pending = nil
	w.caption, w.introduced, w.stopped, w.lastBlock = headingFile(title), false, false, -1
	w.partial = false
	w.moveTo(title, true)
}

// fencedCodeBlock adds the snippet of a fenced block, with the language and
// annotations of its info string, warning when its fence is not closed.
func (w *mdWalker) fencedCodeBlock(node *ast.FencedCodeBlock) {
	var info string
	if node.Info != nil {
		info = string(node.Info.Segment.Value(w.src.text))
	}
	lang, a := ParseInfo(info)
	w.warning = w.unclosedFence(node)
	w.codeBlock(node, Fenced, lang, a)
	w.warning = ""
}

// enterParagraph reads a paragraph: what its prose says of the lab, its
// code spans and unmarked snippets, and what it says of the blocks around
// it: that the one before runs until stopped, or that the next one does,
// is introduced by it, or is the file it names.
func (w *mdWalker) enterParagraph(node ast.Node) {
	w.caption, w.introduced = "", false
	para := string(blockText(node, w.src.text))
	// Prose that says a command runs until stopped speaks of the block
	// right before it ("Press Ctrl-C to stop it."), unless it
	// introduces the next one ("It runs until you press Ctrl-C:").
	stops, after := stopsWithCtrlC(para), w.lastBlock >= 0
	ends := strings.HasSuffix(strings.TrimSpace(para), ":")
	if stops && after && !ends {
		w.out[w.lastBlock].UntilStopped = true
	}
	w.lastBlock = -1
	w.prose(para)
	w.paragraph(node)
	w.caption = captionFile(para)
	w.introduced = introduces(para)
	w.partial = ends && partialRE.MatchString(para)
	w.stopped = stops && (!after || ends)
}

// takePending returns the annotations of a comment right before this block
// merged over a, and forgets the comment.
func (w *mdWalker) takePending(a Annotations) Annotations {
	if w.pending != nil {
		a = w.pending.Merge(a)
		w.pending = nil
	}
	return a
}

func (w *mdWalker) codeBlock(node ast.Node, form Form, lang string, a Annotations) {
	a = w.takePending(a)
	lines := segmentLines(node.Lines(), w.src)
	if len(lines) == 0 {
		return
	}
	before := len(w.out)
	w.block(form, lang, a, lines)
	w.caption, w.introduced, w.stopped = "", false, false
	w.partial = false
	if len(w.out) > before {
		w.lastBlock = len(w.out) - 1
	}
}

// ctrlCRE finds prose that says a command runs until the reader stops it.
var ctrlCRE = regexp.MustCompile(`(?i)\b(?:ctrl|control)[-+ ]?c\b|\^C\b|\buntil you (?:stop|interrupt|kill) it\b|\b(?:keeps|runs) running until\b`)

// stopsWithCtrlC reports whether a paragraph says a command runs until it
// is stopped ("Press Ctrl-C to stop the server").
func stopsWithCtrlC(para string) bool {
	return ctrlCRE.MatchString(para)
}

// paragraph takes the inline code spans of a paragraph and scans its lines
// for unmarked commands and Dockerfiles, as in plain text.
func (w *mdWalker) paragraph(node ast.Node) {
	a := w.takePending(Annotations{})
	w.inlineNote = nil
	w.paraStart = -1
	if node.Lines().Len() > 0 {
		w.paraStart = node.Lines().At(0).Start
	}
	for c := node.FirstChild(); c != nil; c = c.NextSibling() {
		w.inline(c, a)
	}
	// scanBare does nothing unless a line starts a snippet, and most
	// paragraphs have no such line: look for one before numbering lines.
	if !anyStartsSnippet(node.Lines(), w.src) {
		return
	}
	// Lines with inline code are left to the code spans. The buffer is
	// reused from paragraph to paragraph: scanBare keeps no line.
	w.lines = appendSegmentLines(w.lines[:0], node.Lines(), w.src, true)
	w.scanBare(w.lines, a)
}

// anyStartsSnippet reports whether a line of a paragraph that scanBare
// would see (one without a backtick) starts an unmarked snippet.
func anyStartsSnippet(segs *text.Segments, src *source) bool {
	for i := 0; i < segs.Len(); i++ {
		v := segmentText(segs.At(i), src)
		if !strings.Contains(v, "`") && startsSnippet(v) != bareNone {
			return true
		}
	}
	return false
}

// segmentText is a line segment's text without its newline.
func segmentText(seg text.Segment, src *source) string {
	var v string
	if seg.Padding == 0 && !seg.ForceNewline {
		v = src.str[seg.Start:seg.Stop] // what seg.Value returns, without a copy
	} else {
		v = string(seg.Value(src.text))
	}
	return strings.TrimRight(v, "\n")
}

func (w *mdWalker) inline(node ast.Node, a Annotations) {
	src := w.src.text
	switch node := node.(type) {
	case *ast.RawHTML:
		var b bytes.Buffer
		for i := 0; i < node.Segments.Len(); i++ {
			seg := node.Segments.At(i)
			b.Write(seg.Value(src))
		}
		if c, ok := ParseComment(b.String()); ok {
			w.inlineNote = &c
		}
		return
	case *ast.CodeSpan:
		code, start := spanText(node, src)
		code = strings.TrimSpace(code)
		if code == "" || start < 0 {
			return
		}
		if w.inlineNote != nil {
			a = w.inlineNote.Merge(a)
			w.inlineNote = nil
		}
		s := Snippet{Form: Inline, Line: w.src.lineOf(start), Code: code, Annotations: a}
		if w.paraStart >= 0 && w.paraStart <= start {
			s.Lead = sentenceBefore(w.src.str[w.paraStart:start])
		}
		s.Next = wordAfter(w.src.str[spanEnd(node, start):])
		w.add(s, nil)
		return
	}
	for c := node.FirstChild(); c != nil; c = c.NextSibling() {
		w.inline(c, a)
	}
}

// spanEnd is the offset in the note just past a code span's text, its
// closing backticks not counted; start when it has none.
func spanEnd(span *ast.CodeSpan, start int) int {
	end := start
	for c := span.FirstChild(); c != nil; c = c.NextSibling() {
		if t, ok := c.(*ast.Text); ok {
			end = t.Segment.Stop
		}
	}
	return end
}

// spanText joins a code span's text; soft line breaks become spaces.
func spanText(span *ast.CodeSpan, src []byte) (string, int) {
	var b strings.Builder
	start := -1
	for c := span.FirstChild(); c != nil; c = c.NextSibling() {
		t, ok := c.(*ast.Text)
		if !ok {
			continue
		}
		if start < 0 {
			start = t.Segment.Start
		}
		b.Write(t.Segment.Value(src))
		if t.SoftLineBreak() || t.HardLineBreak() {
			b.WriteByte(' ')
		}
	}
	return strings.ReplaceAll(b.String(), "\n", " "), start
}

// segmentLines turns a block's line segments into numbered lines.
func segmentLines(segs *text.Segments, src *source) []line {
	return appendSegmentLines(make([]line, 0, segs.Len()), segs, src, false)
}

// appendSegmentLines appends a block's line segments to out as numbered
// lines, leaving out those with a backtick when noTicks is set.
func appendSegmentLines(out []line, segs *text.Segments, src *source, noTicks bool) []line {
	n := 0
	for i := 0; i < segs.Len(); i++ {
		seg := segs.At(i)
		v := segmentText(seg, src)
		n = src.lineFrom(n, seg.Start)
		if noTicks && strings.Contains(v, "`") {
			continue
		}
		out = append(out, line{n: n, text: v})
	}
	return out
}

func blockText(node ast.Node, src []byte) []byte {
	var b bytes.Buffer
	segs := node.Lines()
	for i := 0; i < segs.Len(); i++ {
		seg := segs.At(i)
		b.Write(seg.Value(src))
	}
	return b.Bytes()
}

// plainText is the text of a heading with its markup removed.
func plainText(node ast.Node, src []byte) string {
	var b strings.Builder
	var walk func(ast.Node)
	walk = func(n ast.Node) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch c := c.(type) {
			case *ast.Text:
				b.Write(c.Segment.Value(src))
				if c.SoftLineBreak() || c.HardLineBreak() {
					b.WriteByte(' ')
				}
			case *ast.String:
				b.Write(c.Value)
			default:
				walk(c)
			}
		}
	}
	walk(node)
	return strings.Join(strings.Fields(b.String()), " ")
}

// outline is what the top level of a document says about its talks.
type outline struct {
	counts     [7]int // headings per level
	first      int    // the first heading's level, 0 when there is none
	firstTitle string // its title
	breaks     int    // thematic breaks
}

func (o *outline) heading(level int, title string) {
	o.counts[level]++
	if o.first == 0 {
		o.first, o.firstTitle = level, title
	}
}

// atTop reports whether a block is a child of the document itself.
func atTop(node ast.Node) bool {
	return node.Parent() != nil && node.Parent().Kind() == ast.KindDocument
}

// talkLevel picks the heading level at which a note's talks sit: the most
// frequent level, not counting a lone top-level title (a note whose single
// H1 names the whole document). Ties go to the shallower level.
func (o outline) talkLevel() int {
	counts := o.counts
	top := 0
	for lvl := 1; lvl <= 6; lvl++ {
		if counts[lvl] > 0 {
			top = lvl
			break
		}
	}
	if top == 0 {
		return 0
	}
	if counts[top] == 1 && o.first == top {
		rest := counts
		rest[top] = 0
		if best := mostFrequent(rest); best != 0 {
			return best
		}
	}
	return mostFrequent(counts)
}

func mostFrequent(counts [7]int) int {
	best := 0
	for lvl := 1; lvl <= 6; lvl++ {
		if counts[lvl] > counts[best] {
			best = lvl
		}
	}
	return best
}

// isDeck reports whether a note is a slide deck (remark or reveal style):
// slides separated by at least two `---` rules. A deck is one talk, named
// by its first heading; the slides' own headings are not talks.
func (o outline) isDeck() bool { return o.breaks >= deckBreaks }

// fenceRE matches a code fence line: its indent, and its run of backticks
// or tildes.
var fenceRE = regexp.MustCompile("^[ >]*(`{3,}|~{3,})")

// unclosedFence says, for a fenced block that no fence closes, that it
// runs to the end of its container (the note, a list item, a quote), as
// CommonMark reads it: a ```` fence closed by ``` swallows what follows.
func (w *mdWalker) unclosedFence(node *ast.FencedCodeBlock) string {
	segs := node.Lines()
	if segs.Len() == 0 {
		return ""
	}
	first := w.src.lineOf(segs.At(0).Start)
	last := w.src.lineOf(segs.At(segs.Len() - 1).Start)
	if first < 2 {
		return ""
	}
	open := fenceRE.FindStringSubmatch(w.src.line(first - 1))
	if open == nil {
		return ""
	}
	if last < len(w.src.starts) {
		if m := fenceRE.FindStringSubmatch(w.src.line(last + 1)); m != nil && m[1][0] == open[1][0] && len(m[1]) >= len(open[1]) {
			return ""
		}
	}
	if w.slideEnd && last < len(w.src.starts) && isSeparator(w.src.line(last+1)) {
		return fmt.Sprintf("the %s fence at line %d is never closed: the rest of its slide, to line %d, is one code block", open[1], first-1, last)
	}
	return fmt.Sprintf("the %s fence at line %d is never closed: everything after it, to line %d, is one code block", open[1], first-1, last)
}

// prose reads what a paragraph says of the lab: the host it puts the
// reader on, the directories it has them create, and the words of
// capitals it may define (kept only when it has one: a long note's
// prose is not kept).
func (w *mdWalker) prose(para string) {
	w.moveTo(para, false)
	if hasCapsWord(para) {
		w.paragraphs = append(w.paragraphs, paragraph{text: para, at: len(w.out)})
	}
	if strings.Contains(para, "irector") || strings.Contains(para, "older") {
		w.dirs = append(w.dirs, proseDirs(para)...)
	}
}
