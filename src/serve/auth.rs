//! Who may join a remote session: the persistent host key, OpenSSH `authorized_keys` files
//! (facilitator, participant) and the join code. No terminal, no document here.

use std::io::Write;
use std::path::{Path, PathBuf};

use russh::keys::ssh_key::{LineEnding, authorized_keys::AuthorizedKeys};
use russh::keys::{Algorithm, HashAlg, PrivateKey, PublicKey};
use subtle::ConstantTimeEq;

/// What a connected person may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Role {
    Facilitator,
    Participant,
    Observer,
}

impl Role {
    pub fn name(self) -> &'static str {
        match self {
            Role::Facilitator => "facilitator",
            Role::Participant => "participant",
            Role::Observer => "observer",
        }
    }
}

/// The host key in the data folder, created (mode 0600) on first use and kept, so clients
/// see the same fingerprint every time.
pub fn host_key(path: &Path) -> Result<PrivateKey, String> {
    if path.exists() {
        refuse_open_key(path)?;
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read the host key {}: {e}", path.display()))?;
        return PrivateKey::from_openssh(text)
            .map_err(|e| format!("the host key {} is not valid: {e}", path.display()));
    }
    let key = PrivateKey::random(&mut rand::rng(), Algorithm::Ed25519)
        .map_err(|e| format!("cannot make a host key: {e}"))?;
    let text = key
        .to_openssh(LineEnding::LF)
        .map_err(|e| format!("cannot encode the host key: {e}"))?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(path)
        .map_err(|e| format!("cannot write the host key {}: {e}", path.display()))?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| format!("cannot write the host key {}: {e}", path.display()))?;
    Ok(key)
}

/// Refuses a private key that others may read or change, as OpenSSH does ("UNPROTECTED
/// PRIVATE KEY FILE"): anyone who read it could pose as this server.
fn refuse_open_key(path: &Path) -> Result<(), String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path)
            .map_err(|e| format!("cannot read the host key {}: {e}", path.display()))?
            .permissions()
            .mode();
        if mode & 0o077 != 0 {
            return Err(format!(
                "the host key {} can be read by others (mode {:03o}); it must be private to \
                 you: chmod 600 {}",
                path.display(),
                mode & 0o777,
                path.display()
            ));
        }
    }
    Ok(())
}

/// Where the host key lives.
pub fn host_key_path() -> PathBuf {
    crate::paths::data_dir().join("ssh_host_ed25519_key")
}

/// A key's SHA-256 fingerprint as OpenSSH prints it.
pub fn fingerprint(key: &PublicKey) -> String {
    key.fingerprint(HashAlg::Sha256).to_string()
}

/// An `authorized_keys` file, read again on every attempt so edits apply at once.
#[derive(Clone, Debug)]
pub struct KeyFile(pub PathBuf);

impl KeyFile {
    /// Checks the file can be read, for a clear message at start.
    pub fn check(&self) -> Result<usize, String> {
        let text = std::fs::read_to_string(&self.0)
            .map_err(|e| format!("cannot read {}: {e}", self.0.display()))?;
        let mut n = 0;
        for entry in AuthorizedKeys::new(&text) {
            entry.map_err(|e| format!("{}: {e}", self.0.display()))?;
            n += 1;
        }
        Ok(n)
    }

    /// Whether the key is listed (by key data; comments and options do not matter).
    pub fn contains(&self, key: &PublicKey) -> bool {
        let Ok(text) = std::fs::read_to_string(&self.0) else {
            return false;
        };
        AuthorizedKeys::new(&text)
            .flatten()
            .any(|entry| entry.public_key().key_data() == key.key_data())
    }
}

/// Characters a join code is made of: no 0/O, 1/I/L, 5/S, 2/Z, 8/B to misread aloud.
const CODE_ALPHABET: &[u8] = b"34679ACDEFGHJKMNPQRTUVWXY";

/// A fresh random join code: 10 characters, read aloud in two groups ("7HKX4-QPA3M").
pub fn new_join_code() -> String {
    use rand::RngExt;
    let mut rng = rand::rng();
    let mut code = String::with_capacity(11);
    for i in 0..10 {
        if i == 5 {
            code.push('-');
        }
        code.push(CODE_ALPHABET[rng.random_range(0..CODE_ALPHABET.len())] as char);
    }
    code
}

/// Compares a typed code with the join code in constant time; case, spaces and dashes
/// do not matter.
pub fn code_matches(typed: &str, code: &str) -> bool {
    let norm = |s: &str| -> Vec<u8> {
        s.chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .flat_map(char::to_uppercase)
            .collect::<String>()
            .into_bytes()
    };
    let (a, b) = (norm(typed), norm(code));
    if b.is_empty() {
        return false;
    }
    // Lengths differ only for wrong codes; the comparison of equal lengths is constant time.
    a.len() == b.len() && bool::from(a.ct_eq(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_codes_are_long_unambiguous_and_match_loosely() {
        let code = new_join_code();
        assert_eq!(code.len(), 11);
        assert!(
            code.chars()
                .all(|c| c == '-' || CODE_ALPHABET.contains(&(c as u8)))
        );
        assert!(code_matches(&code, &code));
        assert!(code_matches(&code.to_lowercase().replace('-', " "), &code));
        assert!(!code_matches("", &code));
        assert!(!code_matches(&code[..5], &code));
        assert!(!code_matches("x", ""));
    }

    #[test]
    fn host_key_is_kept_with_mode_0600() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("key");
        let a = host_key(&path).unwrap();
        let b = host_key(&path).unwrap();
        assert_eq!(fingerprint(a.public_key()), fingerprint(b.public_key()));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_host_key_others_can_read_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("key");
        host_key(&path).unwrap();
        for mode in [0o644, 0o640, 0o604, 0o620] {
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
            let err = host_key(&path).unwrap_err();
            assert!(err.contains("chmod 600"), "{err}");
        }
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o400)).unwrap();
        assert!(host_key(&path).is_ok());
    }
}
