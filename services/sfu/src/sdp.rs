//! Reading and editing SDP text where the `rtc` crate's session descriptions do not reach:
//! the attributes the demultiplexer and WHIP / WHEP need, candidates for clients that read
//! them per section, and the offer an ICE restart amounts to.
//!
//! Owns: line-level SDP helpers, shared by the engine and the gateway. Must not: parse
//! whole descriptions (the `rtc` crate does) or decide what is acceptable to publish.

/// The first `a=<name>:<value>` of an SDP (session or media level).
pub fn attribute<'a>(sdp: &'a str, name: &str) -> Option<&'a str> {
    sdp.lines().find_map(|l| l.trim_end().strip_prefix("a=")?.strip_prefix(name)?.strip_prefix(':'))
}

/// Repeats the session's candidates in every bundled media section: legal either way
/// (RFC 8843), but clients that read candidates from the last section (aiortc with
/// max-bundle) otherwise never start checks.
pub fn candidates_in_every_section(sdp: &str) -> String {
    let candidates: Vec<&str> =
        sdp.lines().filter(|l| l.starts_with("a=candidate:") || *l == "a=end-of-candidates").collect();
    if candidates.is_empty() {
        return sdp.to_owned();
    }
    let mut out = String::with_capacity(sdp.len() + 256);
    let mut in_media = false;
    let mut section_has = false;
    let flush = |out: &mut String, in_media: bool, section_has: bool| {
        if in_media && !section_has {
            for c in &candidates {
                out.push_str(c);
                out.push_str("\r\n");
            }
        }
    };
    for line in sdp.lines() {
        if line.starts_with("m=") {
            flush(&mut out, in_media, section_has);
            in_media = true;
            section_has = false;
        } else if line.starts_with("a=candidate:") {
            section_has = true;
        }
        out.push_str(line);
        out.push_str("\r\n");
    }
    flush(&mut out, in_media, section_has);
    out
}

/// The SDP with exactly `candidates` (`a=candidate:` values) and `a=end-of-candidates` in
/// every media section, whatever candidate lines it had: the full answer to an ICE restart,
/// which the `rtc` answerer may produce without the candidates it answered first.
pub fn with_candidates(sdp: &str, candidates: &[String]) -> String {
    let mut out = String::with_capacity(sdp.len() + 128 * candidates.len());
    let mut in_media = false;
    let end_section = |out: &mut String, in_media: bool| {
        if in_media {
            for c in candidates {
                out.push_str("a=candidate:");
                out.push_str(c);
                out.push_str("\r\n");
            }
            out.push_str("a=end-of-candidates\r\n");
        }
    };
    for line in sdp.lines().map(str::trim_end) {
        if line.starts_with("a=candidate:") || line == "a=end-of-candidates" {
            continue;
        }
        if line.starts_with("m=") {
            end_section(&mut out, in_media);
            in_media = true;
        }
        out.push_str(line);
        out.push_str("\r\n");
    }
    end_section(&mut out, in_media);
    out
}

/// Whether `ufrag` / `pwd` can be taken for ICE credentials and written into an SDP: the
/// lengths of RFC 8839 §5.4 (4 and 22 to 256 characters), visible ASCII only. The RFC's
/// ice-chars are letters, digits, `+` and `/`; other visible characters are let through,
/// as the `rtc` crate does, for clients that draw from a wider alphabet.
pub fn valid_ice_credentials(ufrag: &str, pwd: &str) -> bool {
    let visible = |v: &str| v.bytes().all(|b| b.is_ascii_graphic());
    (4..=256).contains(&ufrag.len()) && (22..=256).contains(&pwd.len()) && visible(ufrag) && visible(pwd)
}

/// A remote offer again, with the client's new ICE credentials and a newer session
/// version (RFC 3264 §8): what an ICE restart over WHIP / WHEP `PATCH` amounts to.
pub fn with_remote_credentials(offer: &str, ufrag: &str, pwd: &str) -> String {
    let mut out = String::with_capacity(offer.len() + 16);
    for line in offer.lines().map(str::trim_end) {
        if line.starts_with("a=ice-ufrag:") {
            out.push_str("a=ice-ufrag:");
            out.push_str(ufrag);
        } else if line.starts_with("a=ice-pwd:") {
            out.push_str("a=ice-pwd:");
            out.push_str(pwd);
        } else if let Some(origin) = line.strip_prefix("o=") {
            let mut fields: Vec<String> = origin.split(' ').map(str::to_owned).collect();
            if let Some(version) = fields.get_mut(2) {
                *version = version.parse::<u64>().map_or_else(|_| version.clone(), |v| v.saturating_add(1).to_string());
            }
            out.push_str("o=");
            out.push_str(&fields.join(" "));
        } else {
            out.push_str(line);
        }
        out.push_str("\r\n");
    }
    out
}

/// Whether an SDP has at least one accepted (non-zero port) audio or video section.
pub fn has_media(sdp: &str) -> bool {
    sdp.lines().any(|l| {
        (l.starts_with("m=audio ") || l.starts_with("m=video "))
            && !l.starts_with("m=audio 0 ")
            && !l.starts_with("m=video 0 ")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_are_found_at_session_and_media_level() {
        let sdp = "v=0\r\na=group:BUNDLE 0\r\nm=video 9 X 96\r\na=ice-ufrag:ab12\r\na=ice-pwd:secret\r\n";
        assert_eq!(attribute(sdp, "ice-ufrag"), Some("ab12"));
        assert_eq!(attribute(sdp, "group"), Some("BUNDLE 0"));
        assert_eq!(attribute(sdp, "ice"), None, "a prefix of a name is not the name");
        assert_eq!(attribute(sdp, "mid"), None);
    }

    #[test]
    fn ice_credentials_follow_rfc_8839() {
        assert!(valid_ice_credentials("wxyz", "a+brand/new0password123"));
        assert!(valid_ice_credentials("wx-z", "a-brand-new-password-123"), "a wider alphabet");
        assert!(!valid_ice_credentials("abc", "a-brand-new-password-123"), "ufrag too short");
        assert!(!valid_ice_credentials("wxyz", "short"), "pwd too short");
        assert!(!valid_ice_credentials("wx yz", "abcdefghijklmnopqrstuvwx"), "a space");
        assert!(!valid_ice_credentials("wxyz", &"p".repeat(257)), "pwd too long");
        assert!(!valid_ice_credentials("wxyz", "abcdefghijklmnopqrstuvwx\u{7f}"), "a control character");
    }

    #[test]
    fn every_section_gets_exactly_the_given_candidates() {
        let sdp = "v=0\r\ns=-\r\nm=video 9 X 96\r\na=mid:0\r\na=candidate:old 1 udp 1 10.0.0.1 9 typ host\r\n\
                   a=end-of-candidates\r\nm=audio 9 X 111\r\na=mid:1\r\n";
        let out = with_candidates(sdp, &["1 1 udp 5 127.0.0.1 4000 typ host".to_owned()]);
        assert_eq!(
            out,
            "v=0\r\ns=-\r\nm=video 9 X 96\r\na=mid:0\r\na=candidate:1 1 udp 5 127.0.0.1 4000 typ host\r\n\
             a=end-of-candidates\r\nm=audio 9 X 111\r\na=mid:1\r\na=candidate:1 1 udp 5 127.0.0.1 4000 typ host\r\n\
             a=end-of-candidates\r\n"
        );
        assert_eq!(with_candidates("v=0\r\n", &["x".to_owned()]), "v=0\r\n", "no media section, no candidates");
    }

    #[test]
    fn candidates_are_copied_into_sections_that_lack_them() {
        let sdp = "v=0\r\ns=-\r\nm=video 9 X 96\r\na=mid:0\r\na=candidate:1 1 udp 1 127.0.0.1 9000 typ host\r\n\
                   a=end-of-candidates\r\nm=audio 9 X 111\r\na=mid:1\r\n";
        let out = candidates_in_every_section(sdp);
        let audio = out.split("m=audio").nth(1).unwrap();
        assert!(audio.contains("a=candidate:1 1 udp 1 127.0.0.1 9000 typ host\r\n"));
        assert!(audio.contains("a=end-of-candidates\r\n"));
        assert_eq!(out.matches("a=candidate:").count(), 2);
    }

    #[test]
    fn an_ice_restart_offer_carries_the_new_credentials_and_a_newer_version() {
        let offer = "v=0\r\no=- 4611 2 IN IP4 127.0.0.1\r\ns=-\r\na=ice-ufrag:old\r\na=ice-pwd:oldpassword\r\n\
                     m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=ice-ufrag:old\r\na=ice-pwd:oldpassword\r\na=mid:0\r\n";
        let restarted = with_remote_credentials(offer, "new1", "newpassword");
        assert!(restarted.contains("o=- 4611 3 IN IP4 127.0.0.1\r\n"), "{restarted}");
        assert_eq!(restarted.matches("a=ice-ufrag:new1\r\n").count(), 2);
        assert_eq!(restarted.matches("a=ice-pwd:newpassword\r\n").count(), 2);
        assert!(!restarted.contains("old"));
        assert!(restarted.ends_with("a=mid:0\r\n"));
        assert_eq!(attribute(&restarted, "ice-ufrag"), Some("new1"));
    }

    #[test]
    fn offers_without_media_are_recognised() {
        assert!(!has_media("v=0\r\ns=-\r\n"));
        assert!(!has_media("v=0\r\nm=video 0 X 96\r\n"));
        assert!(has_media("v=0\r\nm=audio 9 X 111\r\n"));
    }
}
