//! GBK/GB18030 decoded to UTF-8 as it streams, with nothing replaced: a byte sequence that is
//! not GB18030 becomes [`NOT_GBK`], a byte that is never UTF-8, so the record holding it is
//! unreadable — named by its line and column — instead of being read with U+FFFD in its id or
//! its unit. (A user trial: two case ids differing only in a bad byte were read as one id, and a
//! garbled unit name split one unit into two.)

use std::io::{self, BufRead, Read};

use encoding_rs::{Decoder, DecoderResult, GB18030};

/// What a byte sequence that is not GB18030 becomes: a byte no UTF-8 text holds.
pub(crate) const NOT_GBK: u8 = 0xFF;

/// A reader of GB18030 (GBK is a subset) text that yields UTF-8, every malformed sequence
/// [`NOT_GBK`]. No byte-order mark is looked for: the encoding is the caller's choice.
pub(crate) struct StrictGbk<R> {
    inner: R,
    decoder: Decoder,
    /// Decoded bytes, handed out from `at`.
    out: Vec<u8>,
    at: usize,
    /// The end of the input has been decoded.
    done: bool,
}

impl<R: BufRead> StrictGbk<R> {
    pub(crate) fn new(inner: R) -> StrictGbk<R> {
        StrictGbk { inner, decoder: GB18030.new_decoder_without_bom_handling(), out: Vec::new(), at: 0, done: false }
    }

    /// Decodes the next stretch of input into `out` (perhaps nothing, when a character is cut
    /// at the end of the input's buffer and waits for the rest).
    fn decode_more(&mut self) -> io::Result<()> {
        self.out.clear();
        self.at = 0;
        let src = self.inner.fill_buf()?;
        let last = src.is_empty();
        // Room for the whole buffer: a malformed sequence or the end are the only stops.
        let room = self.decoder.max_utf8_buffer_length_without_replacement(src.len()).unwrap_or(src.len() * 4 + 16);
        self.out.resize(room, 0);
        let (result, read, written) = self.decoder.decode_to_utf8_without_replacement(src, &mut self.out, last);
        self.out.truncate(written);
        self.inner.consume(read);
        match result {
            DecoderResult::InputEmpty => self.done = last,
            DecoderResult::OutputFull => {}
            DecoderResult::Malformed(..) => self.out.push(NOT_GBK),
        }
        Ok(())
    }
}

impl<R: BufRead> Read for StrictGbk<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            if let Some(pending) = self.out.get(self.at..).filter(|p| !p.is_empty()) {
                let n = pending.len().min(buf.len());
                if let (Some(to), Some(from)) = (buf.get_mut(..n), pending.get(..n)) {
                    to.copy_from_slice(from);
                }
                self.at += n;
                return Ok(n);
            }
            if self.done || buf.is_empty() {
                return Ok(0);
            }
            self.decode_more()?;
        }
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use std::io::{BufReader, Read};

    use super::{NOT_GBK, StrictGbk};

    fn decode(bytes: &[u8], buffer: usize) -> Vec<u8> {
        let mut out = Vec::new();
        StrictGbk::new(BufReader::with_capacity(buffer, bytes)).read_to_end(&mut out).unwrap();
        out
    }

    /// GBK text reads as its UTF-8, whatever the buffer cuts (here inside each character).
    #[test]
    fn gbk_reads_as_utf8_across_any_buffer() {
        let text = "案件编号,罚款\r\n粤环罚〔2023〕1号,20000\r\n€,𠀀\n";
        let (bytes, _, unmappable) = encoding_rs::GB18030.encode(text);
        assert!(!unmappable);
        for buffer in [1, 2, 3, 5, 64, 8192] {
            assert_eq!(String::from_utf8(decode(&bytes, buffer)).unwrap(), text, "buffer {buffer}");
        }
    }

    /// Each malformed sequence is one byte that is not UTF-8, in its place; the bytes around
    /// it — a comma, a line break — are kept, so the record and its field can be named.
    #[test]
    fn a_malformed_sequence_is_marked_not_replaced() {
        let gbk = |s: &str| encoding_rs::GB18030.encode(s).0.into_owned();
        let mut bytes = b"A\xFF,".to_vec();
        bytes.extend(gbk("广州\n"));
        bytes.extend(b"B\x81,1\n\x81");
        for buffer in [1, 2, 7, 8192] {
            let out = decode(&bytes, buffer);
            let mut want = vec![b'A', NOT_GBK, b','];
            want.extend("广州\n".as_bytes());
            // A lead byte before an ASCII one: the ASCII byte is itself (the comma stays a
            // delimiter); a lead byte cut by the end of the file is marked too.
            want.extend([b'B', NOT_GBK, b',', b'1', b'\n', NOT_GBK]);
            assert_eq!(out, want, "buffer {buffer}");
            assert!(std::str::from_utf8(&out).is_err());
        }
        assert!(decode(b"", 8).is_empty());
    }
}
