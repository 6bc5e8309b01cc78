//! Protected exports: a file encrypted with a passphrase (age, scrypt), so
//! a case file that leaves the office on a flash drive or in an e-mail is
//! unreadable without the passphrase. `age -d FILE` (the age tool) or any
//! age implementation opens it.

use std::io::Write;

/// Encrypts `bytes` with `passphrase` into the age format.
pub fn encrypt(bytes: &[u8], passphrase: &str) -> Result<Vec<u8>, String> {
    let secret = age::secrecy::SecretString::from(passphrase.to_string());
    let encryptor = age::Encryptor::with_user_passphrase(secret);
    let mut out = Vec::with_capacity(bytes.len() + 256);
    let mut writer = encryptor.wrap_output(&mut out).map_err(|e| e.to_string())?;
    writer.write_all(bytes).map_err(|e| e.to_string())?;
    writer.finish().map_err(|e| e.to_string())?;
    Ok(out)
}

/// Decrypts what [`encrypt`] wrote (for tests and for checking a file).
pub fn decrypt(bytes: &[u8], passphrase: &str) -> Result<Vec<u8>, String> {
    let decryptor = age::Decryptor::new(bytes).map_err(|e| e.to_string())?;
    let identity = age::scrypt::Identity::new(age::secrecy::SecretString::from(passphrase.to_string()));
    let mut reader = decryptor.decrypt(std::iter::once(&identity as &dyn age::Identity)).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    std::io::Read::read_to_end(&mut reader, &mut out).map_err(|e| e.to_string())?;
    Ok(out)
}

/// Shortest passphrase accepted: a short one is guessed quickly.
pub const MIN_PASSPHRASE: usize = 8;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_a_wrong_passphrase_fails() {
        let data = b"register_no,full_name,nik\nPAS.1,Ahmad Fauzi,3507121503900001\n";
        let sealed = encrypt(data, "kata sandi kantor").unwrap();
        assert!(sealed.starts_with(b"age-encryption.org/v1"));
        assert!(!sealed.windows(16).any(|w| w == b"3507121503900001"), "nothing readable inside");
        assert_eq!(decrypt(&sealed, "kata sandi kantor").unwrap(), data);
        assert!(decrypt(&sealed, "salah").is_err());
    }
}
