package parser

import "sort"

// Alias substitution (POSIX 2.3.1) is textual: the alias word is cut out
// of p.src and the alias's value, plus a blank, is spliced in its place,
// then the lexer reads on from where the word began. The value can thus
// hold anything the source could: operators, redirections, reserved
// words, an open quote or an unfinished if that the source goes on to
// close. The blank added after the value (bash does the same) keeps its
// last word from joining what follows the alias word.
//
// Splicing happens only at the current token, which starts at or after
// every position recorded so far, so nothing already read moves.

// A segment says where a run of p.src comes from. Segment i covers
// p.src[segs[i].start:segs[i+1].start); text before the first segment is
// the source itself.
type segment struct {
	start int  // offset in p.src
	orig  int  // offset in the source of start; of every byte when fixed
	fixed bool // alias text: every byte stands for the alias word's place
}

// An aliasRegion is an alias text that the lexer is still reading. While
// it is, the alias is not expanded again: `alias ls='ls -F'` works.
type aliasRegion struct {
	name  string
	end   int  // offset in p.src just after the text
	blank bool // the value ends in a blank: the word after it is checked too
}

// origin maps offset off of p.src to an offset of the source.
func (p *parser) origin(off int) int {
	i := sort.Search(len(p.segs), func(i int) bool { return p.segs[i].start > off }) - 1
	if i < 0 {
		return off
	}
	s := p.segs[i]
	if s.fixed {
		return s.orig
	}
	return s.orig + off - s.start
}

// expandAliases replaces the current token, in command position, by the
// text of the alias it names, then does the same for the first token of
// that text, as long as there are aliases to expand. It reports whether
// it expanded any.
func (p *parser) expandAliases() bool {
	expanded := false
	for p.expandAlias(true) {
		expanded = true
	}
	return expanded
}

// expandAlias replaces the current token by the text of the alias it names
// and reads the first token of that text, when the token may be an alias:
// a word in command position (cmdPos) that is not a reserved word, or any
// word right after the text of an alias whose value ends in a blank. The
// word must be an unquoted literal, and not the name of an alias whose
// text is being read. It also notes which alias texts the lexer has left,
// so it is called for every word of a simple command.
func (p *parser) expandAlias(cmdPos bool) bool {
	if p.aliases == nil || p.tok != tokWord {
		return false
	}
	t := p.tokOff
	// Leave the texts that end before this word. The outermost one left
	// says whether this word follows a value that ends in a blank, as in
	// bash, where leaving a text sets or clears that flag.
	for n := len(p.regions); n > 0 && p.regions[n-1].end <= t; n-- {
		p.expandNext = p.regions[n-1].blank
		p.regions = p.regions[:n-1]
	}
	eligible := cmdPos || p.expandNext
	if hasQuotes(p.word) {
		// bash leaves the flag set over a quoted word: after
		// `alias e='echo '`, `e 'w' w` expands the second w.
		return false
	}
	p.expandNext = false
	name := p.word.Lit()
	// In a here-document body (a command substitution in it), splice
	// moves the body's end, p.limit, and readHeredoc what follows.
	if !eligible || name == "" || cmdPos && (isReservedWord(name) || name == "[[") {
		return false
	}
	for _, r := range p.regions {
		if r.name == name {
			return false
		}
	}
	value, ok := p.aliases(name)
	if !ok {
		return false
	}
	p.splice(t, p.tokEnd, value+" ")
	p.regions = append(p.regions, aliasRegion{name: name, end: t + len(value) + 1, blank: value != "" && isBlank(int(value[len(value)-1]))})
	// The first word of an alias text is checked too (it is in command
	// position when the alias word was; after a trailing blank it is the
	// word that follows).
	p.expandNext = true
	p.off = t
	p.next()
	return true
}

// expandAfterBlank expands the current word while it follows the text of
// an alias whose value ends in a blank (expandAlias, out of command
// position).
func (p *parser) expandAfterBlank() {
	for p.expandAlias(false) {
	}
}

// hasQuotes reports whether any part of w is quoted or escaped.
func hasQuotes(w *Word) bool {
	for _, part := range w.Parts {
		switch part.(type) {
		case *SglQuoted, *DblQuoted, *Escaped:
			return true
		}
	}
	return false
}

// splice replaces p.src[t:e] by text, which reads as if it stood at the
// source offset of t.
//
// The rest of the input after e does not move: the bytes before it, p.src[:t]
// and text, are written just in front of it in p.buf, in the room left
// there by the commands already read (see rebase). So a splice costs what
// the current command has read so far, not what the input still holds.
func (p *parser) splice(t, e int, text string) {
	need := t + len(text) // bytes to place before the rest
	restAt := p.head + e  // index in p.buf of p.src[e:]
	if !p.owned || restAt < need {
		// The caller's source is never written; out of room, grow.
		room := need + len(p.src)
		buf := make([]byte, room+len(p.src)-e)
		copy(buf[room:], p.src[e:])
		copy(buf[room-need:], p.src[:t])
		p.buf, p.owned, restAt = buf, true, room
	} else {
		copy(p.buf[restAt-need:], p.src[:t]) // copy moves overlapping bytes correctly
	}
	copy(p.buf[restAt-len(text):], text)
	d := len(text) - (e - t)
	p.head = restAt - need
	p.src = p.buf[p.head:]
	p.limit += d

	after := segment{start: t + len(text), orig: p.origin(e), fixed: p.fixedAt(e)}
	segs := make([]segment, 0, len(p.segs)+2)
	for _, s := range p.segs {
		if s.start < t {
			segs = append(segs, s)
		}
	}
	segs = append(segs, segment{start: t, orig: p.origin(t), fixed: true}, after)
	for _, s := range p.segs {
		if s.start > e {
			s.start += d
			segs = append(segs, s)
		}
	}
	p.segs = segs
	// The texts being read hold the word, so they grow with it.
	for i := range p.regions {
		p.regions[i].end += d
	}
}

// fixedAt reports whether offset off of p.src is alias text.
func (p *parser) fixedAt(off int) bool {
	i := sort.Search(len(p.segs), func(i int) bool { return p.segs[i].start > off }) - 1
	return i >= 0 && p.segs[i].fixed
}

// rebase drops the text before the read offset, which the commands
// already returned have consumed, once an alias has been spliced in: it
// gives splice its room, and keeps the segments to those of one command.
// Offsets into p.src shift down; origin maps them as before.
func (p *parser) rebase() {
	k := p.off
	if len(p.segs) == 0 || k == 0 {
		return
	}
	segs := []segment{{start: 0, orig: p.origin(k), fixed: p.fixedAt(k)}}
	for _, s := range p.segs {
		if s.start > k {
			s.start -= k
			segs = append(segs, s)
		}
	}
	p.segs = segs
	p.head += k
	p.src = p.buf[p.head:]
	p.off -= k
	p.tokOff -= k
	p.tokEnd -= k
	p.limit -= k
	for i := range p.regions {
		p.regions[i].end -= k
	}
}

// commentEnd returns the offset a comment starting at p.off cannot pass:
// the end of the alias text it stands in (bash reads an alias text as a
// string of its own), or the end of the input.
func (p *parser) commentEnd() int {
	for i := len(p.regions) - 1; i >= 0; i-- {
		if r := p.regions[i]; r.end > p.off {
			return r.end
		}
	}
	return p.limit
}

// mapOffsets turns the Offset of every position in *stmts, which counts
// in p.src, into one that counts in the source, once aliases have been
// spliced in.
func (p *parser) mapOffsets(stmts *[]*Stmt) {
	if len(p.segs) == 0 {
		return
	}
	for _, s := range *stmts {
		mapPositions(s, func(pos Pos) Pos {
			pos.Offset = p.origin(pos.Offset)
			return pos
		})
	}
}
