//! Sealed files: what leaves the office encrypted with age, either with a
//! passphrase (scrypt) or to the public keys of the people who may open it
//! (X25519 recipients, `age1…`), so a case file or a backup on a flash
//! drive or in an e-mail is unreadable without the passphrase or the key.
//! `age -d FILE` (the age tool) or any age implementation opens it.

use std::io::{self, Read, Write};
use std::path::Path;

use age::secrecy::SecretString;

/// Shortest passphrase accepted: a short one is guessed quickly.
pub const MIN_PASSPHRASE: usize = 8;

/// The first bytes of every age file.
pub const MAGIC: &[u8] = b"age-encryption.org/v1";

/// What a file is sealed with.
#[derive(Clone)]
pub enum Key {
    /// A passphrase someone will type to open it.
    Passphrase(SecretString),
    /// Public keys (`age1…`): any of their holders can open it.
    Recipients(Vec<age::x25519::Recipient>),
}

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Key::Passphrase(_) => f.write_str("Passphrase(…)"),
            Key::Recipients(r) => write!(f, "Recipients({})", r.len()),
        }
    }
}

impl Key {
    /// A passphrase key (its length is checked by the caller, who says why).
    pub fn passphrase(text: &str) -> Key {
        Key::Passphrase(SecretString::from(text.to_string()))
    }

    /// Recipients from their `age1…` texts; the first bad one is returned as `Err`.
    pub fn recipients<'a>(texts: impl IntoIterator<Item = &'a str>) -> Result<Key, String> {
        let keys = texts
            .into_iter()
            .map(|t| t.trim().parse::<age::x25519::Recipient>().map_err(|_| t.to_string()))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Key::Recipients(keys))
    }
}

/// A writer that seals what is written into `out`; `finish` it to complete the file.
pub fn seal<W: Write>(key: &Key, out: W) -> io::Result<age::stream::StreamWriter<W>> {
    let encryptor = match key {
        Key::Passphrase(p) => age::Encryptor::with_user_passphrase(p.clone()),
        Key::Recipients(keys) => age::Encryptor::with_recipients(keys.iter().map(|k| k as &dyn age::Recipient))
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e.to_string()))?,
    };
    encryptor.wrap_output(out)
}

/// What opens a sealed file.
pub enum Unlock {
    /// The passphrase it was sealed with.
    Passphrase(SecretString),
    /// Private keys (`AGE-SECRET-KEY-1…`), one of which it was sealed to.
    Identities(Vec<Box<dyn age::Identity>>),
}

impl Unlock {
    /// The private keys in an age identity file (as `age-keygen` writes it).
    pub fn identity_file(path: &Path) -> Result<Unlock, String> {
        let file = age::IdentityFile::from_file(path.display().to_string()).map_err(|e| e.to_string())?;
        file.into_identities().map(Unlock::Identities).map_err(|e| e.to_string())
    }
}

/// A reader of what a sealed `input` holds.
pub fn open<R: Read>(input: R, unlock: &Unlock) -> Result<impl Read, String> {
    let decryptor = age::Decryptor::new(input).map_err(|e| e.to_string())?;
    match unlock {
        Unlock::Passphrase(p) => {
            let identity = age::scrypt::Identity::new(p.clone());
            decryptor.decrypt(std::iter::once(&identity as &dyn age::Identity)).map_err(|e| e.to_string())
        }
        Unlock::Identities(ids) => decryptor.decrypt(ids.iter().map(|i| i.as_ref())).map_err(|e| e.to_string()),
    }
}

/// Seals `bytes` with `passphrase` in memory.
pub fn encrypt(bytes: &[u8], passphrase: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(bytes.len() + 256);
    let mut w = seal(&Key::passphrase(passphrase), &mut out).map_err(|e| e.to_string())?;
    w.write_all(bytes).map_err(|e| e.to_string())?;
    w.finish().map_err(|e| e.to_string())?;
    Ok(out)
}

/// Opens what [`encrypt`] sealed (for tests and for checking a file).
pub fn decrypt(bytes: &[u8], passphrase: &str) -> Result<Vec<u8>, String> {
    let unlock = Unlock::Passphrase(SecretString::from(passphrase.to_string()));
    let mut out = Vec::new();
    open(bytes, &unlock)?.read_to_end(&mut out).map_err(|e| e.to_string())?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_a_wrong_passphrase_fails() {
        let data = b"register_no,full_name,nik\nPAS.1,Ahmad Fauzi,3507121503900001\n";
        let sealed = encrypt(data, "kata sandi kantor").unwrap();
        assert!(sealed.starts_with(MAGIC));
        assert!(!sealed.windows(16).any(|w| w == b"3507121503900001"), "nothing readable inside");
        assert_eq!(decrypt(&sealed, "kata sandi kantor").unwrap(), data);
        assert!(decrypt(&sealed, "salah").is_err());
    }

    #[test]
    fn sealed_to_a_recipient_opens_only_with_its_key() {
        let holder = age::x25519::Identity::generate();
        let other = age::x25519::Identity::generate();
        let public = holder.to_public().to_string();
        let key = Key::recipients([public.as_str()]).unwrap();
        let mut sealed = Vec::new();
        let mut w = seal(&key, &mut sealed).unwrap();
        w.write_all(b"backup bytes").unwrap();
        w.finish().unwrap();
        let mut plain = Vec::new();
        open(&sealed[..], &Unlock::Identities(vec![Box::new(holder)])).unwrap().read_to_end(&mut plain).unwrap();
        assert_eq!(plain, b"backup bytes");
        assert!(open(&sealed[..], &Unlock::Identities(vec![Box::new(other)])).is_err());
        assert_eq!(Key::recipients(["age1nope"]).unwrap_err(), "age1nope");
    }
}
