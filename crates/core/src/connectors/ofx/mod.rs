//! OFX / QFX: 1.x SGML and 2.x XML statements, files and Direct Connect.
