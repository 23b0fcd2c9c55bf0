import { readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import forge from "node-forge";
import { SignPdf } from "@signpdf/signpdf";
import { plainAddPlaceholder } from "@signpdf/placeholder-plain";
import { Signer, SUBFILTER_ETSI_CADES_DETACHED } from "@signpdf/utils";

/**
 * PAdES signatures (ETSI.CAdES.detached, baseline B-B) on the final PDFs, with the operator's PKCS#12
 * certificate (SIGNING_P12, SIGNING_P12_PASSWORD). The CMS is built here with node-forge rather than
 * @signpdf/signer-p12, because PAdES needs the ESS signing-certificate-v2 attribute (which binds the
 * signer's certificate to the signature) and no CMS signing-time (the time is the dictionary's /M).
 * The same module checks a signature for /verify: digest over the byte range, the RSA signature over
 * the signed attributes, and whether the byte range covers the whole file.
 */

const OID = {
  data: forge.pki.oids.data!,
  signedData: forge.pki.oids.signedData!,
  contentType: forge.pki.oids.contentType!,
  messageDigest: forge.pki.oids.messageDigest!,
  sha256: forge.pki.oids.sha256!,
  rsaEncryption: forge.pki.oids.rsaEncryption!,
  signingCertificateV2: "1.2.840.113549.1.9.16.2.47",
};

const { asn1 } = forge;
const seq = (items: forge.asn1.Asn1[]) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, items);
const set = (items: forge.asn1.Asn1[]) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, items);
const oid = (o: string) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(o).getBytes());
const octets = (bytes: string) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, bytes);
const int = (n: number) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, asn1.integerToDer(n).getBytes());
const nul = () => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, "");
const algorithm = (o: string, withNull = true) => seq(withNull ? [oid(o), nul()] : [oid(o)]);
const attribute = (type: string, value: forge.asn1.Asn1) => seq([oid(type), set([value])]);

export interface SigningIdentity {
  key: forge.pki.rsa.PrivateKey;
  certificate: forge.pki.Certificate;
  chain: forge.pki.Certificate[];
  /** "CN=…, O=…, C=VN": what /verify and the signature dictionary show. */
  subject: string;
}

/** "CN=Sở Tư pháp, O=…, C=VN", most specific first, as readers show it. */
export function subjectOf(cert: forge.pki.Certificate): string {
  return cert.subject.attributes
    .map((a) => `${a.shortName ?? a.name ?? a.type}=${forge.util.decodeUtf8(String(a.value))}`)
    .reverse()
    .join(", ");
}

/** Reads a PKCS#12 file; throws with a plain message when the file or the password is wrong. */
export function loadIdentity(p12: Buffer, password: string): SigningIdentity {
  let parsed: forge.pkcs12.Pkcs12Pfx;
  try {
    parsed = forge.pkcs12.pkcs12FromAsn1(asn1.fromDer(forge.util.createBuffer(p12.toString("binary"))), false, password);
  } catch (err) {
    throw new Error(`Không đọc được chứng thư số (SIGNING_P12): sai tệp hoặc sai mật khẩu. (Cannot read the PKCS#12 certificate: wrong file or password: ${(err as Error).message})`);
  }
  const keyBag = [...(parsed.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag!] ?? []), ...(parsed.getBags({ bagType: forge.pki.oids.keyBag })[forge.pki.oids.keyBag!] ?? [])][0];
  const certs = (parsed.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag!] ?? []).map((b) => b.cert!).filter(Boolean);
  const key = keyBag?.key as forge.pki.rsa.PrivateKey | undefined;
  if (!key) throw new Error("Chứng thư số không có khoá bí mật RSA. (The PKCS#12 file holds no RSA private key.)");
  const certificate = certs.find((c) => {
    const pub = c.publicKey as forge.pki.rsa.PublicKey;
    return pub.n?.compareTo(key.n) === 0 && pub.e?.compareTo(key.e) === 0;
  });
  if (!certificate) throw new Error("Chứng thư số không khớp với khoá bí mật. (No certificate in the PKCS#12 file matches its private key.)");
  return { key, certificate, chain: certs, subject: subjectOf(certificate) };
}

/** The CMS SignedData of a PAdES B-B signature over `content` (the PDF's byte range). */
export function cmsSignature(identity: SigningIdentity, content: Buffer): Buffer {
  const certDer = asn1.toDer(forge.pki.certificateToAsn1(identity.certificate)).getBytes();
  const certHash = createHash("sha256").update(Buffer.from(certDer, "binary")).digest("binary");
  const contentHash = createHash("sha256").update(content).digest("binary");
  const issuerAndSerial = seq([forge.pki.distinguishedNameToAsn1(identity.certificate.issuer), asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, forge.util.hexToBytes(identity.certificate.serialNumber))]);
  const signedAttrs = [
    attribute(OID.contentType, oid(OID.data)),
    attribute(OID.messageDigest, octets(contentHash)),
    // ESS signing-certificate-v2: SEQUENCE { certs SEQUENCE OF ESSCertIDv2 { certHash (SHA-256, the default), issuerSerial } }.
    attribute(OID.signingCertificateV2, seq([seq([seq([octets(certHash), seq([seq([asn1.create(asn1.Class.CONTEXT_SPECIFIC, 4, true, [forge.pki.distinguishedNameToAsn1(identity.certificate.issuer)])]), asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, forge.util.hexToBytes(identity.certificate.serialNumber))])])])])),
  ];
  const md = forge.md.sha256.create();
  md.update(asn1.toDer(set(signedAttrs)).getBytes());
  const signature = identity.key.sign(md);
  const signerInfo = seq([
    int(1),
    issuerAndSerial,
    algorithm(OID.sha256),
    asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, signedAttrs),
    algorithm(OID.rsaEncryption),
    octets(signature),
  ]);
  const signedData = seq([
    int(1),
    set([algorithm(OID.sha256)]),
    seq([oid(OID.data)]),
    asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, identity.chain.map((c) => forge.pki.certificateToAsn1(c))),
    set([signerInfo]),
  ]);
  const contentInfo = seq([oid(OID.signedData), asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [signedData])]);
  return Buffer.from(asn1.toDer(contentInfo).getBytes(), "binary");
}

class PadesSigner extends Signer {
  constructor(private readonly identity: SigningIdentity) {
    super();
  }
  override async sign(content: Buffer): Promise<Buffer> {
    return cmsSignature(this.identity, content);
  }
}

/**
 * Plain ASCII for the signature dictionary's text strings: @signpdf/placeholder-plain writes a UTF-16
 * string through a UTF-8 encoder, which garbles Vietnamese. Readers show the signer from the
 * certificate itself, where the UTF-8 name is intact.
 */
export function ascii(text: string): string {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").replace(/[^\x20-\x7e]/g, "?").replace(/[()\\]/g, "");
}

/** Adds a signature dictionary (ETSI.CAdES.detached) and signs the PDF. */
export async function signPdf(pdf: Buffer, identity: SigningIdentity, o: { reason: string; location: string; at?: Date }): Promise<Buffer> {
  const withPlaceholder = plainAddPlaceholder({
    pdfBuffer: pdf,
    reason: ascii(o.reason),
    contactInfo: "",
    name: ascii(identity.subject),
    location: ascii(o.location),
    signingTime: o.at ?? new Date(),
    subFilter: SUBFILTER_ETSI_CADES_DETACHED,
    signatureLength: 8192 + identity.chain.length * 2048,
    appName: "Concord",
  });
  return new SignPdf().sign(withPlaceholder, new PadesSigner(identity));
}

/** What /verify says about a PDF's digital signature (the last one, if several). */
export interface SignatureCheck {
  /** The signing certificate's subject. */
  subject: string;
  /** The certificate's issuer (a self-signed test certificate names itself). */
  issuer: string;
  /** Digest over the byte range matches, and the RSA signature over the signed attributes verifies. */
  valid: boolean;
  /** The byte range runs from the first byte to the last: nothing was appended after signing. */
  coversWholeFile: boolean;
  signedAt: string | null;
  subFilter: string | null;
}

/** Finds and checks the last signature of a PDF; null when it has none. Never throws on a bad file. */
export function checkPdfSignature(pdf: Buffer): SignatureCheck | null {
  const text = pdf.toString("latin1");
  const ranges = [...text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)];
  const last = ranges.at(-1);
  if (!last) return null;
  const [a, b, c, d] = last.slice(1, 5).map(Number) as [number, number, number, number];
  // The signature dictionary around this /ByteRange: from its "<<" to well past /Contents.
  const around = text.slice(Math.max(0, last.index - 2000), Math.min(text.length, c + 4000));
  const subFilter = /\/SubFilter\s*\/([\w.]+)/.exec(around)?.[1] ?? null;
  const signedAt = /\/M\s*\(D:(\d{14})/.exec(around)?.[1] ?? null;
  const broken = (subject = "", issuer = ""): SignatureCheck => ({ subject, issuer, valid: false, coversWholeFile: c + d === pdf.length && a === 0, signedAt: signedAt && isoOf(signedAt), subFilter });
  if (a !== 0 || b <= 0 || c <= b || c + d > pdf.length) return broken();
  const contents = text.slice(b, c);
  const hex = /^<([0-9A-Fa-f]+)>$/.exec(contents)?.[1];
  if (!hex) return broken();
  try {
    const der = Buffer.from(hex, "hex");
    const msg = forge.pkcs7.messageFromAsn1(fromDerLenient(der)) as forge.pkcs7.PkcsSignedData & {
      rawCapture: { authenticatedAttributes?: forge.asn1.Asn1[]; signature: string; serial?: string; issuer?: forge.asn1.Asn1 };
    };
    const attrs = msg.rawCapture.authenticatedAttributes ?? [];
    const cert = msg.certificates.find((x) => x.serialNumber === forge.util.bytesToHex(msg.rawCapture.serial ?? "")) ?? msg.certificates[0];
    if (!cert) return broken();
    const subject = subjectOf(cert);
    const issuer = cert.issuer.attributes.map((x) => `${x.shortName ?? x.name}=${forge.util.decodeUtf8(String(x.value))}`).reverse().join(", ");
    const digestAttr = attrs.find((x) => asn1.derToOid((x.value as forge.asn1.Asn1[])[0]!.value as string) === OID.messageDigest);
    const claimed = digestAttr ? (((digestAttr.value as forge.asn1.Asn1[])[1]!.value as forge.asn1.Asn1[])[0]!.value as string) : null;
    const actual = createHash("sha256").update(pdf.subarray(a, a + b)).update(pdf.subarray(c, c + d)).digest("binary");
    const md = forge.md.sha256.create();
    md.update(asn1.toDer(set(attrs)).getBytes());
    const signatureOk = (cert.publicKey as forge.pki.rsa.PublicKey).verify(md.digest().bytes(), msg.rawCapture.signature);
    return { subject, issuer, valid: claimed === actual && signatureOk, coversWholeFile: c + d === pdf.length, signedAt: signedAt && isoOf(signedAt), subFilter };
  } catch {
    return broken();
  }
}

/** The /Contents placeholder is zero-padded after the CMS: parse its DER without requiring every byte used. */
function fromDerLenient(der: Buffer): forge.asn1.Asn1 {
  const fromDer = asn1.fromDer as unknown as (b: forge.util.ByteStringBuffer, o: { parseAllBytes: boolean }) => forge.asn1.Asn1;
  return fromDer(forge.util.createBuffer(der.toString("binary")), { parseAllBytes: false });
}

function isoOf(d: string): string {
  return `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}T${d.slice(8, 10)}:${d.slice(10, 12)}:${d.slice(12, 14)}Z`;
}

let loaded: { key: string; identity: SigningIdentity } | null = null;

/** The configured identity, read once (null when no certificate is configured). */
export function configuredIdentity(config: { SIGNING_P12?: string; SIGNING_P12_PASSWORD?: string }): SigningIdentity | null {
  if (!config.SIGNING_P12) return null;
  const key = `${config.SIGNING_P12}\n${config.SIGNING_P12_PASSWORD ?? ""}`;
  if (loaded?.key === key) return loaded.identity;
  const identity = loadIdentity(readFileSync(config.SIGNING_P12), config.SIGNING_P12_PASSWORD ?? "");
  loaded = { key, identity };
  return identity;
}
