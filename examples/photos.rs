//! Makes the example site's photos: large, photo-like JPEGs (sky and land gradients,
//! hills, sunlight, out-of-focus lights, people-shaped silhouettes, sensor noise), the
//! way marketers receive them from customers, so the picture pipeline has real work in
//! the example. Nothing is downloaded; the same seed gives the same files.
//!
//! `cargo run --release --example photos` rewrites them under `content/`.

use image::{ImageEncoder, Rgb, RgbImage};

/// A small deterministic generator (xorshift64*): the photos must not change between runs.
struct Noise(u64);

impl Noise {
    fn next(&mut self) -> f32 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        ((self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 40) as f32) / (1u64 << 24) as f32
    }
}

struct Scene {
    sky_top: [f32; 3],
    sky_bottom: [f32; 3],
    land: [f32; 3],
    lights: usize,
    people: usize,
    seed: u64,
}

fn mix(a: [f32; 3], b: [f32; 3], t: f32) -> [f32; 3] {
    [0, 1, 2].map(|i| a[i] + (b[i] - a[i]) * t)
}

fn paint(width: u32, height: u32, scene: &Scene) -> RgbImage {
    let mut noise = Noise(scene.seed);
    let (w, h) = (width as f32, height as f32);
    let horizon = 0.55 * h;
    let hills: Vec<(f32, f32, f32)> = (0..4)
        .map(|_| {
            (
                noise.next() * 6.0 + 2.0,
                noise.next() * std::f32::consts::TAU,
                noise.next() * 0.06 + 0.02,
            )
        })
        .collect();
    let lights: Vec<(f32, f32, f32, f32)> = (0..scene.lights)
        .map(|_| {
            (
                noise.next() * w,
                noise.next() * horizon,
                (noise.next() * 0.04 + 0.01) * w,
                noise.next() * 0.5 + 0.2,
            )
        })
        .collect();
    let people: Vec<(f32, f32, f32)> = (0..scene.people)
        .map(|i| {
            let x = (i as f32 + 0.5 + (noise.next() - 0.5) * 0.4) / scene.people as f32 * w;
            (x, (noise.next() * 0.08 + 0.16) * h, noise.next() * 0.3)
        })
        .collect();
    let sun = (0.72 * w, 0.3 * h, 0.09 * h);
    RgbImage::from_fn(width, height, |x, y| {
        let (fx, fy) = (x as f32, y as f32);
        let ridge = horizon
            + hills
                .iter()
                .map(|(f, p, a)| (fx / w * f + p).sin() * a * h)
                .sum::<f32>();
        let mut c = if fy < ridge {
            mix(scene.sky_top, scene.sky_bottom, fy / ridge)
        } else {
            let t = (fy - ridge) / (h - ridge).max(1.0);
            mix(
                scene.land,
                [
                    scene.land[0] * 0.4,
                    scene.land[1] * 0.4,
                    scene.land[2] * 0.4,
                ],
                t,
            )
        };
        let d = ((fx - sun.0).powi(2) + (fy - sun.1).powi(2)).sqrt();
        let glow = (1.0 - d / (sun.2 * 4.0)).max(0.0).powi(2);
        c = mix(c, [255.0, 236.0, 200.0], glow.min(1.0));
        for &(lx, ly, r, a) in &lights {
            let d = ((fx - lx).powi(2) + (fy - ly).powi(2)).sqrt();
            if d < r {
                c = mix(c, [255.0, 250.0, 235.0], a * (1.0 - d / r));
            }
        }
        for &(px, ph, shade) in &people {
            let base = h * 0.98;
            let head_y = base - ph;
            let body = fy > head_y + ph * 0.18
                && fy < base
                && (fx - px).abs() < ph * 0.16 * (1.0 - (fy - head_y) / ph * 0.2);
            let head = ((fx - px).powi(2) + (fy - head_y - ph * 0.08).powi(2)).sqrt() < ph * 0.085;
            if body || head {
                c = mix([40.0, 36.0, 44.0], [90.0, 70.0, 60.0], shade);
            }
        }
        let grain = (noise.next() - 0.5) * 18.0;
        Rgb(c.map(|v| (v + grain).clamp(0.0, 255.0) as u8))
    })
}

fn save(path: &str, picture: &RgbImage) {
    let file = std::fs::File::create(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    image::codecs::jpeg::JpegEncoder::new_with_quality(std::io::BufWriter::new(file), 88)
        .write_image(
            picture.as_raw(),
            picture.width(),
            picture.height(),
            image::ExtendedColorType::Rgb8,
        )
        .unwrap_or_else(|e| panic!("{path}: {e}"));
    println!("{path}: {} x {}", picture.width(), picture.height());
}

fn main() {
    let team = Scene {
        sky_top: [70.0, 120.0, 190.0],
        sky_bottom: [230.0, 200.0, 170.0],
        land: [90.0, 120.0, 70.0],
        lights: 30,
        people: 7,
        seed: 18,
    };
    let warehouse = Scene {
        sky_top: [30.0, 34.0, 60.0],
        sky_bottom: [200.0, 120.0, 90.0],
        land: [70.0, 70.0, 80.0],
        lights: 80,
        people: 3,
        seed: 1818,
    };
    let portrait = |seed| Scene {
        sky_top: [180.0, 190.0, 200.0],
        sky_bottom: [120.0, 130.0, 140.0],
        land: [100.0, 90.0, 85.0],
        lights: 12,
        people: 1,
        seed,
    };
    save(
        "content/images/cartwheel-team.jpg",
        &paint(4000, 2667, &team),
    );
    save(
        "content/images/haulpath-depot.jpg",
        &paint(3200, 2133, &warehouse),
    );
    save(
        "content/advocates/photos/priya-raman.jpg",
        &paint(1200, 1500, &portrait(7)),
    );
    save(
        "content/advocates/photos/daniel-reyes.jpg",
        &paint(1200, 1500, &portrait(11)),
    );
}
