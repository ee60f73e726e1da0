//! The datagrams the kernel dropped at the node's media socket (its receive buffer full:
//! the engine did not read fast enough), from the socket's own `drops` column in
//! `/proc/net/udp` / `/proc/net/udp6`.
//!
//! Owns: finding the media socket's line by local port and reading its counter. Must not:
//! read the files per packet (the engine asks every few seconds) or fail the engine when
//! the files are missing (not Linux, no procfs): the count is then simply unknown.

/// The `drops` count of the UDP socket bound to `port`, summed over IPv4 and IPv6 tables
/// (`None` when no table has it).
pub fn media_socket_drops(port: u16) -> Option<u64> {
    let tables = ["/proc/net/udp", "/proc/net/udp6"].map(|path| std::fs::read_to_string(path).ok());
    let counts: Vec<u64> = tables.iter().flatten().filter_map(|table| drops_in_table(table, port)).collect();
    (!counts.is_empty()).then(|| counts.iter().sum())
}

/// The `drops` column of the line whose local address has `port` (hex after the colon).
fn drops_in_table(table: &str, port: u16) -> Option<u64> {
    let wanted = format!("{port:04X}");
    table.lines().skip(1).find_map(|line| {
        let fields: Vec<&str> = line.split_whitespace().collect();
        let local = fields.get(1)?;
        let (_, local_port) = local.rsplit_once(':')?;
        if !local_port.eq_ignore_ascii_case(&wanted) {
            return None;
        }
        fields.last()?.parse().ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &str = "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops\n\
  413: 0100007F:2328 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 4711 2 0000000000000000 17\n\
  500: 00000000:14E9 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 4712 2 0000000000000000 0\n";

    #[test]
    fn the_media_sockets_line_is_found_by_port() {
        assert_eq!(drops_in_table(TABLE, 9000), Some(17));
        assert_eq!(drops_in_table(TABLE, 5353), Some(0));
        assert_eq!(drops_in_table(TABLE, 9001), None);
        assert_eq!(drops_in_table("header only\n", 9000), None);
        assert_eq!(drops_in_table("h\n 1: garbage\n", 9000), None);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_bound_socket_is_found_in_the_live_table() {
        let socket = std::net::UdpSocket::bind("127.0.0.1:0").expect("bind");
        let port = socket.local_addr().expect("addr").port();
        assert_eq!(media_socket_drops(port), Some(0));
    }
}
