/** Vite turns `import x from "file?url"` into the built file's URL (the pdf.js worker). */
declare module "*?url" {
  const url: string;
  export default url;
}
