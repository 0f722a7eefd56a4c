//! Where webhooks may go: http(s) URLs on public addresses. A receiver's
//! URL is chosen by an admin, but its host name is resolved at each send:
//! checking the name once would let DNS point it at the intranet later. So
//! the check lives in the HTTP client's resolver (and, for addresses
//! written as numbers, before each send).

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use reqwest::Url;

use crate::error::{AppError, AppResult};

/// Longest URL accepted.
const MAX_URL: usize = 2048;

/// Whether an address is on the public internet: not loopback, private,
/// link-local, shared (carrier NAT), documentation, multicast or reserved.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public_v4(v4);
            }
            let s = v6.segments();
            // Only global unicast (2000::/3), without the ranges that
            // carry or reach IPv4 (6to4, Teredo) or document examples;
            // NAT64, IPv4-compatible and every local range fall outside.
            (s[0] & 0xe000) == 0x2000
                && s[0] != 0x2002
                && !(s[0] == 0x2001 && s[1] == 0)
                && !(s[0] == 0x2001 && s[1] == 0x0db8)
        }
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_multicast()
        || ip.is_documentation()
        || a == 0
        || (a == 100 && (64..128).contains(&b)) // carrier-grade NAT
        || (a == 192 && b == 0 && c == 0) // protocol assignments
        || (a == 198 && (b == 18 || b == 19)) // benchmarking
        || a >= 240)
}

/// Checks a receiver URL as an admin gave it: http or https, a host, no
/// fragment; an address written as numbers must be public unless
/// `allow_private`. Host names are checked when they are resolved.
///
/// # Errors
/// `BAD_USER_INPUT` on `url`.
pub fn check_url(raw: &str, allow_private: bool) -> AppResult<Url> {
    let bad = |m: &str| AppError::invalid("url", m);
    let raw = raw.trim();
    if raw.len() > MAX_URL {
        return Err(bad("the URL is longer than 2048 characters"));
    }
    let url = Url::parse(raw).map_err(|_| bad("not a valid URL"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(bad("only http and https URLs receive webhooks"));
    }
    if url.fragment().is_some() {
        return Err(bad("a webhook URL has no #fragment"));
    }
    let Some(host) = url.host() else {
        return Err(bad("the URL needs a host"));
    };
    if allow_private {
        return Ok(url);
    }
    let ip = match host {
        url::Host::Ipv4(v4) => Some(IpAddr::V4(v4)),
        url::Host::Ipv6(v6) => Some(IpAddr::V6(v6)),
        url::Host::Domain(name) => {
            let name = name.trim_end_matches('.').to_ascii_lowercase();
            if name == "localhost" || name.ends_with(".localhost") {
                return Err(bad(
                    "webhooks are not sent to this machine (set BANTIN_WEBHOOK_ALLOW_PRIVATE=1 to allow it)",
                ));
            }
            None
        }
    };
    if ip.is_some_and(|ip| !is_public(ip)) {
        return Err(bad(
            "webhooks are not sent to private, loopback or link-local addresses (set BANTIN_WEBHOOK_ALLOW_PRIVATE=1 to allow them)",
        ));
    }
    Ok(url)
}

/// Refuses a host name that resolves, and only to addresses that are not
/// public: the admin learns now, not from failed deliveries. A name that
/// does not resolve yet is accepted (deliveries retry).
///
/// # Errors
/// `BAD_USER_INPUT` on `url`.
pub async fn check_resolved(url: &Url, allow_private: bool) -> AppResult<()> {
    let Some(url::Host::Domain(name)) = url.host() else {
        return Ok(());
    };
    if allow_private {
        return Ok(());
    }
    let lookup = tokio::net::lookup_host((name, 0));
    let Ok(Ok(found)) = tokio::time::timeout(std::time::Duration::from_secs(3), lookup).await
    else {
        return Ok(());
    };
    let found: Vec<SocketAddr> = found.collect();
    if !found.is_empty() && !found.iter().any(|a| is_public(a.ip())) {
        return Err(AppError::invalid(
            "url",
            format!(
                "{name} resolves only to private, loopback or link-local addresses (set BANTIN_WEBHOOK_ALLOW_PRIVATE=1 to allow them)"
            ),
        ));
    }
    Ok(())
}

/// The HTTP client's resolver: host names resolve as usual, minus the
/// addresses that are not public (unless private ones are allowed). A name
/// with only such addresses fails to resolve, and the attempt fails.
#[derive(Clone, Copy)]
pub struct PublicOnly {
    pub allow_private: bool,
}

impl reqwest::dns::Resolve for PublicOnly {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let allow_private = self.allow_private;
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let found: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0))
                .await?
                .filter(|a| allow_private || is_public(a.ip()))
                .collect();
            if found.is_empty() {
                let e: Box<dyn std::error::Error + Send + Sync> =
                    format!("{host} has no public address").into();
                return Err(e);
            }
            let addrs: reqwest::dns::Addrs = Box::new(found.into_iter());
            Ok(addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_and_special_addresses_are_not_public() {
        for a in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "255.255.255.255",
            "::1",
            "::",
            "fe80::1",
            "fd00::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "64:ff9b::a9fe:a9fe",
            "64:ff9b:1::a00:1",
            "::10.0.0.1",
            "2002:a00:1::1",
            "2001:0:a00:1::1",
            "2001:db8::1",
        ] {
            assert!(!is_public(a.parse().unwrap()), "{a}");
        }
        for a in ["93.184.216.34", "1.1.1.1", "2606:4700::1111"] {
            assert!(is_public(a.parse().unwrap()), "{a}");
        }
    }

    #[test]
    fn urls_are_checked() {
        assert!(check_url("https://hooks.example.vn/bantin", false).is_ok());
        for u in [
            "ftp://example.vn/",
            "http://127.0.0.1:8080/",
            "http://[::1]/",
            "http://localhost/x",
            "http://169.254.169.254/latest/meta-data",
            "http://2130706433/",
            "https://example.vn/#x",
            "not a url",
        ] {
            assert!(check_url(u, false).is_err(), "{u}");
        }
        assert!(check_url("http://127.0.0.1:8080/", true).is_ok());
    }
}
