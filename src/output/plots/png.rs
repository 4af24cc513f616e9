//! PNG copies of the SVG plots, rendered with resvg. Text needs a font: the system's
//! fonts are searched once, and a clear error says what to install if there is none.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use resvg::{tiny_skia, usvg};

use crate::error::{Error, Result};

/// Pixels per SVG pixel: 2 gives 2000 px wide images, sharp in print.
const SCALE: f32 = 2.0;

/// Families tried, in order, for the plots' generic `sans-serif`.
const SANS: [&str; 5] = [
    "DejaVu Sans",
    "Liberation Sans",
    "Noto Sans",
    "Arial",
    "Helvetica",
];

fn fonts() -> Option<Arc<usvg::fontdb::Database>> {
    static FONTS: OnceLock<Option<Arc<usvg::fontdb::Database>>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut db = usvg::fontdb::Database::new();
            db.load_system_fonts();
            let families: Vec<String> = db
                .faces()
                .flat_map(|f| f.families.iter().map(|(name, _)| name.clone()))
                .collect();
            let sans = SANS
                .iter()
                .find(|s| families.iter().any(|f| f == *s))
                .map(|s| s.to_string())
                .or_else(|| families.first().cloned())?;
            db.set_sans_serif_family(sans);
            Some(Arc::new(db))
        })
        .clone()
}

/// Renders `svg` to a PNG beside it and returns the PNG's path.
pub fn convert(svg: &Path) -> Result<PathBuf> {
    let png = svg.with_extension("png");
    let fonts = fonts().ok_or_else(|| {
        Error::Usage(
            "PNG plots need a system font and none was found; install one \
             (on Debian: apt-get install fonts-dejavu-core) or leave out --png"
                .into(),
        )
    })?;
    let data = std::fs::read(svg).map_err(|e| Error::io(svg, e))?;
    let options = usvg::Options {
        fontdb: fonts,
        ..usvg::Options::default()
    };
    let failed = |what: String| Error::io(&png, std::io::Error::other(what));
    let tree = usvg::Tree::from_data(&data, &options).map_err(|e| failed(e.to_string()))?;
    let size = tree
        .size()
        .to_int_size()
        .scale_by(SCALE)
        .ok_or_else(|| failed("empty image".into()))?;
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height())
        .ok_or_else(|| failed("image too large".into()))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(SCALE, SCALE),
        &mut pixmap.as_mut(),
    );
    pixmap.save_png(&png).map_err(|e| failed(e.to_string()))?;
    Ok(png)
}
